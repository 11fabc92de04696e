import { createDigestVerifier } from '../engines/oci/index.js';
import type { BlobInfo, BlobSource, ExpectedBlob } from './content-store.js';

/** Where a store puts the bytes of one ingest while they are verified. */
export interface BlobSink {
  /** Appends the next verified bytes. The caller may reuse `chunk` once the returned promise settles. */
  write(chunk: Uint8Array): Promise<void> | void;
  /** Makes the blob visible under its digest, atomically; only called after the digest and size check. */
  commit(info: BlobInfo): Promise<void>;
  /** Drops everything written; called once on any failure, and must not throw. */
  abort(): Promise<void>;
}

/**
 * The ingest algorithm both stores share: stream the source through sha256 into a sink, stop as soon as more bytes
 * than the expected size arrive, and commit only after the digest and size check.
 *
 * Resume: when the source throws (on open or mid-stream), or ends early while a size is known, and attempts remain,
 * the source is called again with the number of bytes verified so far; the hash state stays in memory, so hashing
 * continues where it stopped. Content errors (size, digest) and sink errors are never retried. After the last
 * attempt the source's own error is rethrown, so that callers keep their transport errors. Any failure aborts the
 * sink, so that nothing partial is left.
 */
export async function ingestBlob(
  expected: ExpectedBlob,
  source: BlobSource,
  options: { attempts: number; onProgress?: (bytesVerified: number) => void },
  sink: BlobSink,
): Promise<BlobInfo> {
  try {
    const verifier = createDigestVerifier(expected.digest, expected.size);
    let offset = 0;
    for (let attempt = 1; ; attempt++) {
      let failure: { error: unknown } | undefined;
      let ours = false;
      try {
        const chunks = await source(offset);
        for await (const chunk of chunks) {
          if (chunk.byteLength === 0) continue;
          ours = true;
          verifier.update(chunk);
          await sink.write(chunk);
          ours = false;
          offset += chunk.byteLength;
          options.onProgress?.(offset);
        }
      } catch (error) {
        if (ours) throw error;
        failure = { error };
      }
      const short = expected.size !== undefined && offset < expected.size;
      if (failure === undefined && !short) break;
      if (attempt >= options.attempts) {
        if (failure) throw failure.error;
        break; // ended early on the last attempt: verify() reports the short content
      }
    }
    verifier.verify();
    const info: BlobInfo = { digest: expected.digest, size: offset };
    await sink.commit(info);
    return info;
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
