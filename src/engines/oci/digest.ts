import { createHash, type Hash } from 'node:crypto';
import { BerthError } from '../../errors/index.js';
import { quote } from './quote.js';

declare const digestBrand: unique symbol;

/**
 * A validated `algorithm:hex` digest. Only `parseDigest` and `computeDigest` make one, so a `Digest` is always
 * safe to put in a URL or a file name (reference/registry-protocol.md §0 item 4, CVE-2024-3727).
 */
export type Digest = string & { readonly [digestBrand]: true };

/** The algorithms berth can verify. Others are syntactically valid OCI digests but unusable here. */
export type DigestAlgorithm = 'sha256' | 'sha512';

const hexLength: Readonly<Record<DigestAlgorithm, number>> = { sha256: 64, sha512: 128 };

// image-spec descriptor.md grammar; the length cap bounds both the work and the quoted input in messages.
const algorithmGrammar = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;
const encodedGrammar = /^[a-zA-Z0-9=_-]+$/;
const lowerHex = /^[a-f0-9]+$/;
const maxDigestLength = 256;

/** Validates a digest string: known algorithm, lowercase hex of the algorithm's exact length. */
export function parseDigest(input: string): Digest {
  if (typeof input !== 'string') throw invalid(String(input), 'it is not a string');
  if (input.length > maxDigestLength) throw invalid(input, `it is longer than ${maxDigestLength} characters`);
  const colon = input.indexOf(':');
  if (colon <= 0 || colon === input.length - 1) throw invalid(input, 'expected "algorithm:hex"');
  const algorithm = input.slice(0, colon);
  const encoded = input.slice(colon + 1);
  if (!algorithmGrammar.test(algorithm)) throw invalid(input, `"${algorithm}" is not a valid algorithm name`);
  if (!encodedGrammar.test(encoded))
    throw invalid(input, 'the encoded part has characters outside [a-zA-Z0-9=_-]');
  if (!isSupportedAlgorithm(algorithm)) {
    throw invalid(input, `unsupported digest algorithm "${algorithm}" (berth verifies sha256 and sha512)`);
  }
  if (!lowerHex.test(encoded)) {
    const reason = lowerHex.test(encoded.toLowerCase()) ? 'must be lowercase hex' : 'must be hex';
    throw invalid(input, `the ${algorithm} value ${reason}`);
  }
  const expected = hexLength[algorithm];
  if (encoded.length !== expected) {
    throw invalid(input, `${algorithm} needs ${expected} hex characters, got ${encoded.length}`);
  }
  return input as Digest;
}

/** True when `value` is a digest `parseDigest` accepts. */
export function isDigest(value: unknown): value is Digest {
  try {
    parseDigest(value as string);
    return true;
  } catch {
    return false;
  }
}

/** The algorithm and hex parts of a validated digest. */
export function digestParts(digest: Digest): { algorithm: DigestAlgorithm; encoded: string } {
  const colon = digest.indexOf(':');
  return { algorithm: digest.slice(0, colon) as DigestAlgorithm, encoded: digest.slice(colon + 1) };
}

/** The digest of `bytes` (sha256 unless told otherwise). */
export function computeDigest(bytes: Uint8Array, algorithm: DigestAlgorithm = 'sha256'): Digest {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}` as Digest;
}

/** Checks that `bytes` hash to `expected` (and have `expectedSize` bytes when given). */
export function verifyDigest(bytes: Uint8Array, expected: Digest, expectedSize?: number): void {
  const verifier = createDigestVerifier(expected, expectedSize);
  verifier.update(bytes);
  verifier.verify();
}

/** Hashes content as it streams past, then checks it against what the descriptor promised. */
export interface DigestVerifier {
  /** Feeds the next chunk; throws BERTH_SIZE_MISMATCH as soon as more bytes than the expected size arrive. */
  update(chunk: Uint8Array): void;
  /** Bytes fed so far. */
  readonly bytesSeen: number;
  /** Finishes hashing (idempotent) and returns the digest of everything fed. */
  digest(): Digest;
  /** Finishes hashing and throws BERTH_SIZE_MISMATCH or BERTH_DIGEST_MISMATCH unless the content is right. */
  verify(): void;
}

export function createDigestVerifier(expected: Digest, expectedSize?: number): DigestVerifier {
  const { algorithm } = digestParts(parseDigest(expected));
  if (expectedSize !== undefined && !(Number.isSafeInteger(expectedSize) && expectedSize >= 0)) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `expected size ${expectedSize} is not a non-negative integer`,
    );
  }
  const hash: Hash = createHash(algorithm);
  let seen = 0;
  let result: Digest | undefined;
  const finish = (): Digest => {
    result ??= `${algorithm}:${hash.digest('hex')}` as Digest;
    return result;
  };
  return {
    update(chunk) {
      if (result !== undefined)
        throw new BerthError('BERTH_INTERNAL', 'digest verifier used after it finished');
      seen += chunk.byteLength;
      // Stop before hashing bytes the descriptor never promised: the stream is already wrong.
      if (expectedSize !== undefined && seen > expectedSize) {
        throw new BerthError(
          'BERTH_SIZE_MISMATCH',
          `content for ${expected} is longer than its size ${expectedSize}`,
        );
      }
      hash.update(chunk);
    },
    get bytesSeen() {
      return seen;
    },
    digest: finish,
    verify() {
      const actual = finish();
      if (expectedSize !== undefined && seen !== expectedSize) {
        throw new BerthError(
          'BERTH_SIZE_MISMATCH',
          `content for ${expected} is ${seen} bytes, its descriptor says ${expectedSize}`,
        );
      }
      if (actual !== expected) {
        throw new BerthError('BERTH_DIGEST_MISMATCH', `digest mismatch: expected ${expected}, got ${actual}`);
      }
    },
  };
}

function isSupportedAlgorithm(algorithm: string): algorithm is DigestAlgorithm {
  return Object.hasOwn(hexLength, algorithm);
}

function invalid(input: string, reason: string): BerthError {
  return new BerthError('BERTH_INVALID_DIGEST', `invalid digest ${quote(input)}: ${reason}`);
}
