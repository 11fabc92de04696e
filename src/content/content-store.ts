import type { Digest } from '../engines/oci/index.js';

/** What the store knows about a committed blob. */
export interface BlobInfo {
  digest: Digest;
  size: number;
}

/** What a blob must turn out to be; ingestion fails, and commits nothing, unless the bytes match. */
export interface ExpectedBlob {
  digest: Digest;
  /** The size the descriptor promises; more bytes than this abort the ingest early. */
  size?: number;
}

/**
 * Opens the source of a blob's bytes from `offset` on (0 the first time; after a dropped connection, the number of
 * bytes already verified, so that a Range request can resume). Throwing or a failing stream ends this attempt; the
 * store keeps what it verified so far for the next one.
 */
export type BlobSource = (offset: number) => Promise<AsyncIterable<Uint8Array>>;

export interface IngestOptions {
  /** Attempts at most (the first included) when the source fails mid-stream; default 1. */
  attempts?: number;
  /** Told of progress, for progress bars. */
  onProgress?: (bytesVerified: number) => void;
}

export interface ReadOptions {
  /** The first byte to read (default 0; the blob's size reads nothing). */
  start?: number;
  /**
   * The store may recycle chunk memory: chunk n's bytes may be overwritten once chunk n + 3 is asked for. For a
   * consumer that is done with each chunk before it asks for the one after next (an HTTP response that sends it
   * on): it spares allocating, page-faulting and collecting a fresh buffer per chunk. Others get fresh memory.
   */
  recycle?: boolean;
  /**
   * When the blob is not committed but an ingest of it is under way in this process: stream its bytes from the
   * start as the ingest stores them, ending only once it has committed (digest and size verified), and throwing
   * its error if it fails. For a consumer that works on a blob while it downloads (the unpack) and discards its
   * work unless the iteration ends normally. Neither committed nor under way: BERTH_BLOB_NOT_FOUND, as without it.
   */
  follow?: boolean;
}

/**
 * A content-addressed blob store (containerd's content store, reduced to what berth needs):
 * - reads are of committed, verified blobs only, except a `follow` read, which may see an ingest's bytes early but
 *   ends normally only once they are committed;
 * - `ingest` streams bytes through sha256 (no temporary full copy in memory), commits by atomic rename only after
 *   the digest and size check, and never exposes partial data; a failed ingest leaves no committed blob;
 * - concurrent ingests of one digest are single-flight: one download, every caller gets its result;
 * - an already committed blob is not fetched again.
 * Implementations: the in-memory one beside this file, and the filesystem one in adapters/fs-content-store; both
 * pass src/testing/suites/content-store.suite.ts and content-store-follow.suite.ts.
 */
export interface ContentStore {
  info(digest: Digest): Promise<BlobInfo | undefined>;
  /** Streams a committed blob, from byte `start` on; BERTH_BLOB_NOT_FOUND when it is not there. */
  read(digest: Digest, options?: ReadOptions): AsyncIterable<Uint8Array>;
  ingest(expected: ExpectedBlob, source: BlobSource, options?: IngestOptions): Promise<BlobInfo>;
  /**
   * Commits the complete file at `path` as `blob`, trusting the caller's digest: for a caller that hashed exactly
   * these bytes itself while writing the file (the registry's upload staging), so that they are not hashed twice.
   * The file must hold `blob.size` bytes (BERTH_SIZE_MISMATCH otherwise, nothing committed, the file left where it
   * is). On success the file is gone: moved into the store (a rename when on the same filesystem), or removed
   * when the blob is already there.
   */
  adopt(blob: BlobInfo, path: string): Promise<BlobInfo>;
  delete(digest: Digest): Promise<boolean>;
}
