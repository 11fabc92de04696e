import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { maxTokenResponseBytes, parseTokenResponse, tokenNeedsRefresh } from './token-response.js';

const now = Date.UTC(2025, 0, 15, 12, 0, 0);
const json = (value: unknown) => JSON.stringify(value);

// reference/registry-protocol.md §1.3 "Token response fields" and §0 item 7.
test('token or access_token, access_token preferred; the lifetime starts now by default', () => {
  const docker = parseTokenResponse(json({ token: 'T', expires_in: 300, issued_at: undefined }), now);
  assert.equal(docker.token.reveal(), 'T');
  assert.equal(docker.issuedAt, now);
  assert.equal(docker.expiresAt, now + 300_000);
  assert.equal(docker.expiresInSeconds, 300);
  const both = parseTokenResponse(json({ token: 'old', access_token: 'oauth' }), now);
  assert.equal(both.token.reveal(), 'oauth');
  const emptyAccess = parseTokenResponse(json({ token: 'T', access_token: '' }), now);
  assert.equal(emptyAccess.token.reveal(), 'T');
});

test('expires_in defaults to 60 s, is raised to 60 s, and is capped at a day', () => {
  const table: [expiresIn: unknown, seconds: number][] = [
    [undefined, 60],
    [null, 60],
    [0, 60],
    [-5, 60],
    [59, 60],
    [60, 60],
    [3600, 3600],
    [299.5, 299.5],
    [1e12, 86400],
  ];
  for (const [expiresIn, seconds] of table) {
    const parsed = parseTokenResponse(json({ token: 'T', expires_in: expiresIn }), now);
    assert.equal(parsed.expiresInSeconds, seconds, String(expiresIn));
    assert.equal(parsed.expiresAt, now + seconds * 1000, String(expiresIn));
  }
});

test('issued_at starts the lifetime; one in the future counts as now (clock skew)', () => {
  const earlier = parseTokenResponse(
    json({ token: 'T', expires_in: 300, issued_at: '2025-01-15T11:59:00Z' }),
    now,
  );
  assert.equal(earlier.issuedAt, now - 60_000);
  assert.equal(earlier.expiresAt, now + 240_000);
  const offset = parseTokenResponse(json({ token: 'T', issued_at: '2025-01-15T13:58:30.123456+02:00' }), now);
  assert.equal(offset.issuedAt, now - 89_877);
  const future = parseTokenResponse(
    json({ token: 'T', expires_in: 60, issued_at: '2031-01-01T00:00:00Z' }),
    now,
  );
  assert.equal(future.issuedAt, now);
  assert.equal(future.expiresAt, now + 60_000);
});

test('refresh_token is kept, and tokens never print', () => {
  const parsed = parseTokenResponse(
    json({ access_token: 'secret-a', refresh_token: 'secret-r', scope: 'x' }),
    now,
  );
  assert.equal(parsed.refreshToken?.reveal(), 'secret-r');
  for (const shown of [JSON.stringify(parsed), inspect(parsed), String(parsed.token)]) {
    assert.ok(!shown.includes('secret-'), shown);
  }
  assert.equal(parseTokenResponse(json({ token: 'T' }), now).refreshToken, undefined);
});

test('bad token responses get BERTH_INVALID_TOKEN_RESPONSE and never echo the body', () => {
  const table: [body: string | Uint8Array, reason: RegExp][] = [
    ['{"token": "secret-abc"', /not JSON/],
    [new Uint8Array([0x7b, 0xff, 0x7d]), /not JSON/],
    ['["secret-abc"]', /not a JSON object/],
    ['{}', /neither "access_token" nor "token"/],
    [json({ token: '' }), /neither/],
    [json({ token: 42 }), /"token" must be a string/],
    [json({ access_token: ['secret-abc'] }), /"access_token" must be a string/],
    [json({ token: 'T', expires_in: '300' }), /"expires_in" must be a number/],
    [json({ token: 'T', issued_at: 'yesterday' }), /"issued_at" "yesterday" is not an RFC 3339 time/],
    [json({ token: 'T', issued_at: 1736942400 }), /"issued_at"/],
    [json({ token: 'T', issued_at: '2025-02-30T00:00:00Z' }), /not a real time/],
    [json({ token: 'T', issued_at: '2025-13-01T00:00:00Z' }), /not a real time/],
    [json({ token: 'T', refresh_token: 7 }), /"refresh_token" must be a string/],
    [`{"token":"${'x'.repeat(maxTokenResponseBytes)}"}`, /1048576-byte limit/],
  ];
  for (const [body, reason] of table) {
    assert.throws(
      () => parseTokenResponse(body, now),
      (error: unknown) =>
        isBerthError(error) &&
        error.code === 'BERTH_INVALID_TOKEN_RESPONSE' &&
        reason.test(error.message) &&
        !error.message.includes('secret-abc'),
      String(reason),
    );
  }
});

test('a cached token is refreshed a few seconds before it expires', () => {
  const token = parseTokenResponse(json({ token: 'T', expires_in: 60 }), now);
  assert.equal(tokenNeedsRefresh(token, now), false);
  assert.equal(tokenNeedsRefresh(token, now + 54_999), false);
  assert.equal(tokenNeedsRefresh(token, now + 55_000), true);
  assert.equal(tokenNeedsRefresh(token, now + 60_000, 0), true);
  assert.equal(tokenNeedsRefresh(token, now + 59_999, 0), false);
});

test('property: any body parses to a live token or fails with BERTH_INVALID_TOKEN_RESPONSE', () => {
  const body = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.jsonValue({ maxDepth: 2 }).map(json),
    fc
      .record({
        token: fc.option(fc.jsonValue({ maxDepth: 0 }), { nil: undefined }),
        access_token: fc.option(fc.string(), { nil: undefined }),
        expires_in: fc.option(fc.oneof(fc.integer(), fc.double(), fc.string()), { nil: undefined }),
        issued_at: fc.option(
          fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string(),
          ),
          {
            nil: undefined,
          },
        ),
      })
      .map(json),
  );
  fc.assert(
    fc.property(body, (text) => {
      try {
        const parsed = parseTokenResponse(text, now);
        assert.ok(parsed.token.reveal().length > 0);
        assert.ok(parsed.issuedAt <= now && Number.isFinite(parsed.expiresAt));
        assert.ok(parsed.expiresAt - parsed.issuedAt >= 60_000);
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_TOKEN_RESPONSE') throw error;
      }
    }),
    { numRuns: 1000 },
  );
});
