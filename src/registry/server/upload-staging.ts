import type { BlobInfo, ContentStore } from '../../content/index.js';

/**
 * Where the bytes of unfinished blob uploads wait: one append-only file per upload id. The registry keeps each
 * upload's metadata in Persistence and its running hash in memory; the staging holds only bytes, so that an upload
 * survives a restart of berth. Implementations: adapters/fs-upload-staging (`<stateDir>/uploads/<id>`, finished
 * uploads adopted by the content store with a rename), and MemoryUploadStaging beside this file (tests).
 *
 * Ids are the registry's own upload ids (UUIDs); an implementation may refuse anything else.
 */
export interface UploadStaging {
  /** Creates the empty file of a new upload. */
  create(id: string): Promise<void>;
  /** The bytes staged for `id`; undefined when it has no file. */
  size(id: string): Promise<number | undefined>;
  /** Opens the file to append at `offset`, the size the caller knows: bytes past it (a crash mid-write) are cut. */
  append(id: string, offset: number): Promise<StagedAppend>;
  /** The staged bytes from the start: to hash them once more after a restart forgot the running hash. */
  read(id: string): AsyncIterable<Uint8Array>;
  /**
   * Commits the staged bytes to `content` as `blob`, whose digest the caller computed from exactly these bytes
   * (the file store adopts the file: no copy, no second hash). The staged bytes are gone afterwards, and on a size
   * mismatch nothing is committed (BERTH_SIZE_MISMATCH).
   */
  commit(id: string, blob: BlobInfo, content: ContentStore): Promise<BlobInfo>;
  /** Removes the file; nothing happens when it is already gone. */
  remove(id: string): Promise<void>;
  /** The ids that have a file, to sweep files no upload owns any more. */
  list(): Promise<string[]>;
}

/** One request's worth of appending to a staged file. */
export interface StagedAppend {
  /**
   * Appends bytes. Resolves when the caller may hand over more (writes are batched and may still be in flight);
   * `chunk` is copied, so the caller may reuse it.
   */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Appends bytes the caller will never change again (a request body's chunk, which node:http allocates for each
   * read): kept as they are until written, not copied. Otherwise as `write`.
   */
  writeOwned(chunk: Uint8Array): Promise<void>;
  /** Writes what is pending and closes; resolves with the size of the file. */
  close(): Promise<number>;
  /** Drops this append's bytes (the file is cut back to where it started) and closes; never throws. */
  discard(): Promise<void>;
}
