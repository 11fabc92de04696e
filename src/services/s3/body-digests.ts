import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { s3Errors } from './errors.js';

/**
 * The digests S3 keeps of object data, computed as it streams: the MD5 (the ETag of a single PUT, and Content-MD5's
 * check) and the flexible checksums a client asked for (S3 "Checking object integrity": CRC32, SHA-1, SHA-256 —
 * base64 of the big-endian digest). CRC32C and CRC64NVME are recorded as sent, not checked (node has no built-in).
 */
export class BodyDigests {
  readonly #md5 = createHash('md5');
  readonly #sha: Map<string, Hash> = new Map();
  #crc: number | undefined;

  constructor(algorithms: Iterable<string>) {
    for (const algorithm of algorithms) {
      if (algorithm === 'crc32') this.#crc = 0;
      else if (algorithm === 'sha1' || algorithm === 'sha256')
        this.#sha.set(algorithm, createHash(algorithm));
    }
  }

  /** Passes the chunks through, digesting them on the way. */
  async *through(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      this.#md5.update(chunk);
      for (const hash of this.#sha.values()) hash.update(chunk);
      if (this.#crc !== undefined) this.#crc = crc32(chunk, this.#crc);
      yield chunk;
    }
  }

  md5(): Buffer {
    return this.#md5.digest();
  }

  /** The computed checksum of `algorithm` (base64), or undefined when it is not one berth computes. */
  checksum(algorithm: string): string | undefined {
    if (algorithm === 'crc32' && this.#crc !== undefined) {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(this.#crc >>> 0);
      return bytes.toString('base64');
    }
    return this.#sha.get(algorithm)?.digest('base64');
  }
}

/** The checksum algorithms S3 knows, by the suffix of their `x-amz-checksum-*` header. */
export const checksumAlgorithms = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;

/** Checks the sent values against the computed ones; returns what is stored (`ChecksumCRC32` …). */
export function checkedChecksums(
  digests: BodyDigests,
  sent: ReadonlyMap<string, string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [algorithm, value] of sent) {
    const computed = digests.checksum(algorithm);
    if (computed !== undefined && computed !== value)
      throw s3Errors.checksumMismatch(algorithm.toUpperCase());
    kept[algorithm] = value;
  }
  return kept;
}
