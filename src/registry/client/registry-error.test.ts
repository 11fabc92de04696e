import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import {
  codeForStatus,
  formatServerErrors,
  parseServerErrors,
  RegistryError,
  statusLine,
  unexpectedStatusText,
} from './registry-error.js';

const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

test('registry error bodies: the errors array, redacted; anything else is no errors', () => {
  const errors = parseServerErrors(
    bytes({
      errors: [{ code: 'DENIED', message: 'denied for Bearer abcdefghijklmnop', detail: {} }, { code: 7 }],
    }),
  );
  assert.deepEqual(errors, [{ code: 'DENIED', message: 'denied for Bearer REDACTED' }]);
  assert.deepEqual(parseServerErrors(bytes('Not Authorized')), []);
  assert.deepEqual(parseServerErrors(bytes({ errors: 'x' })), []);
  assert.deepEqual(parseServerErrors(new Uint8Array(0)), []);
});

test('codes outside the error-code table read as UNKNOWN, as Go’s errcode reads them', () => {
  const errors = parseServerErrors(
    bytes({
      errors: [
        { code: 'MANIFEST_BLOB_UNKNOWN', message: 'a' },
        { code: 'TAG_INVALID', message: 'b' },
        { code: 'constructor', message: 'c' },
        { code: 'manifest_unknown', message: 'd' },
      ],
    }),
  );
  assert.deepEqual(
    errors.map((e) => e.code),
    ['MANIFEST_BLOB_UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN'],
  );
  assert.equal(formatServerErrors([errors[1]!]), 'unknown: b');
});

test('errors print as Go’s errcode does', () => {
  assert.equal(
    formatServerErrors([{ code: 'TOOMANYREQUESTS', message: 'slow down' }]),
    'toomanyrequests: slow down',
  );
  // ErrorCode.Error(): lower case, `_` printed as a space.
  assert.equal(
    formatServerErrors([{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }]),
    'manifest unknown: manifest unknown',
  );
  assert.equal(
    formatServerErrors([
      { code: 'DENIED', message: 'no' },
      { code: 'UNAUTHORIZED', message: '' },
    ]),
    'errors:\ndenied: no\nunauthorized\n',
  );
});

test('statuses map to codes and to containerd’s text', () => {
  assert.deepEqual([401, 403, 404, 429, 503, 418].map(codeForStatus), [
    'BERTH_REGISTRY_UNAUTHORIZED',
    'BERTH_REGISTRY_DENIED',
    'BERTH_REGISTRY_NOT_FOUND',
    'BERTH_REGISTRY_RATE_LIMITED',
    'BERTH_REGISTRY_UNAVAILABLE',
    'BERTH_REGISTRY_PROTOCOL',
  ]);
  assert.equal(statusLine(429), '429 Too Many Requests');
  assert.equal(
    unexpectedStatusText('HEAD', 'http://r/v2/', 401),
    'unexpected status from HEAD request to http://r/v2/: 401 Unauthorized',
  );
  const error = new RegistryError('BERTH_REGISTRY_DENIED', 'x', { operation: 'blob', status: 403 });
  assert.ok(isBerthError(error));
  assert.equal(error.kind, 'permission-denied');
});
