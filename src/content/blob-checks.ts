import { type Digest, parseDigest } from '../engines/oci/index.js';
import { BerthError } from '../errors/index.js';
import type { BlobInfo, ExpectedBlob, IngestOptions } from './content-store.js';

// The argument and result checks both ContentStore implementations make, so that they fail alike.

/** Checks an ExpectedBlob before any work: a valid digest, a non-negative integer size when given. */
export function checkExpectedBlob(expected: ExpectedBlob): void {
  parseDigest(expected.digest);
  const { size } = expected;
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
    throw new BerthError('BERTH_INVALID_ARGUMENT', `expected size ${size} is not a non-negative integer`);
  }
}

/** The attempt count of IngestOptions, checked: a positive integer, 1 by default. */
export function ingestAttempts(options: IngestOptions | undefined): number {
  const attempts = options?.attempts ?? 1;
  if (!Number.isSafeInteger(attempts) || attempts < 1) {
    throw new BerthError('BERTH_INVALID_ARGUMENT', `ingest attempts ${attempts} is not a positive integer`);
  }
  return attempts;
}

/** The size check for a blob that is already committed (or was committed by the run a caller joined). */
export function checkCommittedSize(info: BlobInfo, expected: ExpectedBlob): BlobInfo {
  if (expected.size !== undefined && info.size !== expected.size) {
    throw new BerthError(
      'BERTH_SIZE_MISMATCH',
      `content for ${expected.digest} is ${info.size} bytes, its descriptor says ${expected.size}`,
    );
  }
  return info;
}

/**
 * The checks of `adopt`: a valid digest, a non-negative integer size, and a file of exactly that size (the digest is
 * the caller's to vouch for).
 */
export function checkAdoptedFile(blob: BlobInfo, fileSize: number): void {
  checkExpectedBlob(blob);
  if (fileSize !== blob.size) {
    throw new BerthError(
      'BERTH_SIZE_MISMATCH',
      `the file to adopt as ${blob.digest} holds ${fileSize} bytes, not ${blob.size}`,
    );
  }
}

/** BERTH_BLOB_NOT_FOUND for a digest the store does not hold. */
export function blobNotFound(digest: Digest): BerthError {
  return new BerthError('BERTH_BLOB_NOT_FOUND', `blob ${digest} not found in the content store`);
}

/** The checked `start` of a read: an integer from 0 to the blob's size (the size itself reads nothing). */
export function checkReadStart(start: number | undefined, size: number, digest: Digest): number {
  const at = start ?? 0;
  if (!Number.isSafeInteger(at) || at < 0 || at > size) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `read of ${digest} from ${at}: start must be an integer from 0 to the blob's size ${size}`,
    );
  }
  return at;
}
