import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRetryPolicy, isRetryableStatus, parseRetryAfter, retryDelay } from './retry-policy.js';

const half = () => 0.5; // no jitter

test('exponential backoff with a cap, and no try past the last', () => {
  const policy = { ...defaultRetryPolicy, attempts: 5, baseDelayMs: 100, maxDelayMs: 300 };
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((attempt) => retryDelay(policy, attempt, undefined, half)),
    [100, 200, 300, 300, undefined],
  );
});

test('Retry-After wins when longer, and ends the retries when longer than the policy waits', () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxRetryAfterMs: 10_000 };
  assert.equal(retryDelay(policy, 1, 2_000, half), 2_000);
  assert.equal(retryDelay(policy, 1, 10, half), 100);
  assert.equal(retryDelay(policy, 1, 60_000, half), undefined);
});

test('Retry-After as seconds or an HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3_000);
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5_000);
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('which statuses are worth another try', () => {
  assert.deepEqual(
    [401, 404, 408, 429, 500, 501, 502, 503, 504].filter(isRetryableStatus),
    [408, 429, 500, 502, 503, 504],
  );
});
