import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFrameworkError } from '../../errors.js';
import { JsonInputReader } from './input-reader.js';
import { readJsonTag } from './tag-reader.js';

function read(items: unknown, casing: 'Key' | 'TagKey' | 'key', rules = {}) {
  const r = new JsonInputReader({ Tags: items });
  const tags = r.list('Tags', (item, path) => readJsonTag(r, item, path, casing, rules));
  return { tags, done: () => r.done() };
}

test('tags read in the service casing, missing members as empty strings', () => {
  assert.deepEqual(read([{ TagKey: 'a', TagValue: 'b' }], 'TagKey').tags, [{ TagKey: 'a', TagValue: 'b' }]);
  assert.deepEqual(read([{ key: 'a' }], 'key').tags, [{ key: 'a', value: '' }]);
});

test('failures are named by wire path in camelCase, as AWS words them (ref aws-iam-and-protocols §4.1)', () => {
  const { done } = read([{ Key: 'a' }, { Value: 'x'.repeat(257) }], 'Key', {
    keyRequired: true,
    keyMin: true,
  });
  assert.throws(done, (e: unknown) => {
    assert.ok(isFrameworkError(e) && e.kind === 'validation');
    assert.equal(
      e.message,
      "2 validation errors detected: Value null at 'tags.2.member.key' failed to satisfy constraint: Member must " +
        `not be null; Value '${'x'.repeat(257)}' at 'tags.2.member.value' failed to satisfy constraint: Member ` +
        'must have length less than or equal to 256',
    );
    return true;
  });
});

test('a tag that is not an object, or a member that is not a string, is SerializationException', () => {
  for (const items of [['a'], [null], [[]], [{ Key: 1 }], [{ Key: 'a', Value: {} }]]) {
    assert.throws(
      () => read(items, 'Key'),
      (e: unknown) => isFrameworkError(e) && e.kind === 'serialization',
      JSON.stringify(items),
    );
  }
});

test('without length rules (ECS checks them itself) nothing but types is checked', () => {
  const { tags, done } = read([{ key: '', value: 'x'.repeat(300) }], 'key', { lengths: false });
  assert.equal(tags?.[0]?.value.length, 300);
  done();
});
