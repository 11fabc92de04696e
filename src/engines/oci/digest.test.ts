import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import {
  computeDigest,
  createDigestVerifier,
  type Digest,
  digestParts,
  isDigest,
  parseDigest,
  verifyDigest,
} from './digest.js';

const bytes = new TextEncoder().encode('hello, registry');
const sha256 = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const sha512 = `sha512:${createHash('sha512').update(bytes).digest('hex')}`;

test('sha256 and sha512 digests in lowercase hex of the exact length are accepted (§2.5)', () => {
  assert.equal(parseDigest(sha256), sha256);
  assert.equal(parseDigest(sha512), sha512);
  assert.deepEqual(digestParts(parseDigest(sha256)), { algorithm: 'sha256', encoded: sha256.slice(7) });
  assert.ok(isDigest(sha512));
});

// reference/registry-protocol.md §2.5 and §0 item 4: validate before a digest reaches a URL or a path.
const rejected: [input: string, reason: RegExp][] = [
  ['', /expected "algorithm:hex"/],
  ['sha256', /expected "algorithm:hex"/],
  ['sha256:', /expected "algorithm:hex"/],
  [`:${'a'.repeat(64)}`, /expected "algorithm:hex"/],
  [`SHA256:${'a'.repeat(64)}`, /"SHA256" is not a valid algorithm name/],
  [`sha256+:${'a'.repeat(64)}`, /not a valid algorithm name/],
  [`sha256:${'A'.repeat(64)}`, /must be lowercase hex/],
  [`sha256:${'g'.repeat(64)}`, /must be hex/],
  [`sha256:${'a'.repeat(63)}`, /needs 64 hex characters, got 63/],
  [`sha256:${'a'.repeat(65)}`, /needs 64 hex characters, got 65/],
  [`sha512:${'a'.repeat(64)}`, /needs 128 hex characters, got 64/],
  [`blake3:${'a'.repeat(64)}`, /unsupported digest algorithm "blake3"/],
  [`sha256+b64u:${'a'.repeat(43)}`, /unsupported digest algorithm "sha256\+b64u"/],
  [`sha256:../../${'a'.repeat(58)}`, /outside \[a-zA-Z0-9=_-\]/],
  [`sha256:${'a'.repeat(60)}/../`, /outside/],
  [`sha256:${'a'.repeat(300)}`, /longer than 256 characters/],
];

test('malformed, upper-case, wrong-length and unknown-algorithm digests get BERTH_INVALID_DIGEST', () => {
  for (const [input, reason] of rejected) {
    assert.throws(
      () => parseDigest(input),
      { name: 'BerthError', code: 'BERTH_INVALID_DIGEST', message: reason },
      input,
    );
    assert.equal(isDigest(input), false, input);
  }
  assert.equal(isDigest(42), false);
});

test('computeDigest hashes with node:crypto and defaults to sha256', () => {
  assert.equal(computeDigest(bytes), sha256);
  assert.equal(computeDigest(bytes, 'sha512'), sha512);
  assert.equal(
    computeDigest(new Uint8Array()),
    'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
});

test('the verifier accepts content fed in chunks and reports what it saw', () => {
  const verifier = createDigestVerifier(sha256 as Digest, bytes.length);
  for (let i = 0; i < bytes.length; i += 4) verifier.update(bytes.subarray(i, i + 4));
  assert.equal(verifier.bytesSeen, bytes.length);
  verifier.verify();
  verifier.verify();
  assert.equal(verifier.digest(), sha256);
  assert.throws(() => verifier.update(bytes), { code: 'BERTH_INTERNAL' });
});

test('the verifier refuses other content, short content, and stops at the first byte past the size', () => {
  const other = createDigestVerifier(sha256 as Digest);
  other.update(new TextEncoder().encode('hello, attacker'));
  assert.throws(() => other.verify(), {
    code: 'BERTH_DIGEST_MISMATCH',
    message: /expected sha256:.*got sha256:/,
  });

  const short = createDigestVerifier(sha256 as Digest, bytes.length + 1);
  short.update(bytes);
  assert.throws(() => short.verify(), {
    code: 'BERTH_SIZE_MISMATCH',
    message: /is 15 bytes, its descriptor says 16/,
  });

  const long = createDigestVerifier(sha256 as Digest, 4);
  long.update(bytes.subarray(0, 4));
  assert.throws(() => long.update(bytes.subarray(4, 5)), { code: 'BERTH_SIZE_MISMATCH' });

  assert.throws(() => createDigestVerifier('sha256:nope' as Digest), { code: 'BERTH_INVALID_DIGEST' });
  assert.throws(() => createDigestVerifier(sha256 as Digest, -1), { code: 'BERTH_INVALID_ARGUMENT' });
  assert.throws(() => verifyDigest(bytes, sha512 as Digest, 3), { code: 'BERTH_SIZE_MISMATCH' });
  verifyDigest(bytes, sha512 as Digest, bytes.length);
});

test('property: computed digests parse and verify; any string parses or fails with BERTH_INVALID_DIGEST', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 256 }),
      fc.constantFrom('sha256', 'sha512' as const),
      (data, algorithm) => {
        const digest = computeDigest(data, algorithm);
        assert.equal(parseDigest(digest), digest);
        verifyDigest(data, digest, data.length);
      },
    ),
  );
  const near = fc
    .tuple(
      fc.constantFrom('sha256:', 'sha512:', 'SHA256:', 'x:', ':'),
      fc.string({ unit: 'binary', maxLength: 140 }),
    )
    .map(([a, b]) => a + b);
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 300 }), near), (text) => {
      try {
        assert.equal(parseDigest(text), text);
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_DIGEST') throw error;
      }
    }),
    { numRuns: 1000 },
  );
});
