import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BerthError, hasKind, isBerthError } from './berth-error.js';
import { berthErrorCodes } from './codes.js';

test('a BerthError carries its code, the kind from the catalogue, and its cause', () => {
  const cause = new Error('root');
  const error = new BerthError('BERTH_INVALID_ARN', 'bad arn', { cause });
  assert.equal(error.code, 'BERTH_INVALID_ARN');
  assert.equal(error.kind, 'invalid-argument');
  assert.equal(error.cause, cause);
  assert.ok(isBerthError(error));
  assert.ok(hasKind(error, 'invalid-argument'));
  assert.ok(!hasKind(error, 'internal'));
  assert.ok(!isBerthError(new Error('plain')));
});

test('docs/errors.md documents exactly the codes of the catalogue, each once', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| `(BERTH_[A-Z0-9_]+)` \| `([a-z-]+)` \|/gm)].map((m) => [
    m[1],
    m[2],
  ]);
  const names = documented.map(([code]) => code);
  assert.equal(new Set(names).size, names.length, 'a code is documented twice');
  assert.deepEqual(Object.fromEntries(documented), { ...berthErrorCodes });
});
