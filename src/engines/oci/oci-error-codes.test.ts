import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOciErrorCode, ociErrorCodes } from './oci-error-codes.js';

test('the table holds the fourteen distribution-spec codes, marked as the spec’s', () => {
  const spec = Object.entries(ociErrorCodes)
    .filter(([, info]) => info.source === 'spec')
    .map(([code]) => code)
    .sort();
  assert.deepEqual(spec, [
    'BLOB_UNKNOWN',
    'BLOB_UPLOAD_INVALID',
    'BLOB_UPLOAD_UNKNOWN',
    'DENIED',
    'DIGEST_INVALID',
    'MANIFEST_BLOB_UNKNOWN',
    'MANIFEST_INVALID',
    'MANIFEST_UNKNOWN',
    'NAME_INVALID',
    'NAME_UNKNOWN',
    'SIZE_INVALID',
    'TOOMANYREQUESTS',
    'UNAUTHORIZED',
    'UNSUPPORTED',
  ]);
  for (const info of Object.values(ociErrorCodes)) {
    assert.ok(info.status >= 400 && info.status <= 599);
    assert.match(info.message, /^[a-z]/);
  }
});

test('only the table’s own keys are codes', () => {
  assert.ok(isOciErrorCode('MANIFEST_UNKNOWN'));
  assert.ok(isOciErrorCode('UNKNOWN'));
  for (const other of ['manifest_unknown', 'TAG_INVALID', 'constructor', '__proto__', 'toString', ''])
    assert.equal(isOciErrorCode(other), false, other);
});
