import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactJson, flatJson } from './compact-json.js';

test('what fits stays on one line, spaced as written by hand', () => {
  assert.equal(flatJson({ a: [1, 'x'], b: { c: null }, d: undefined }), '{"a": [1, "x"], "b": {"c": null}}');
  assert.equal(compactJson({ a: 1 }), '{"a": 1}');
});

test('what does not fit is indented by two, and reads back as the same JSON', () => {
  const long = { family: 'web', containers: [{ name: 'web', image: 'x'.repeat(90), ports: [8080] }] };
  const text = compactJson(long, 5);
  assert.equal(
    text,
    [
      '{',
      '  "family": "web",',
      '  "containers": [',
      '    {',
      '      "name": "web",',
      `      "image": "${'x'.repeat(90)}",`,
      '      "ports": [8080]',
      '    }',
      '  ]',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(JSON.parse(text), long);
});
