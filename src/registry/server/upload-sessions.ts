import { createHash, type Hash, randomUUID } from 'node:crypto';
import type { BlobInfo, ContentStore } from '../../content/index.js';
import { type Digest, type DigestAlgorithm, digestParts } from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import type { Persistence } from '../../ports/index.js';
import { OciError } from './oci-errors.js';
import type { BodyStream } from './server-http.js';
import { receiveChunk } from './upload-chunk.js';
import type { UploadStaging } from './upload-staging.js';

const collection = 'registry-uploads';

/** The default largest blob: far above any real layer, low enough that a runaway upload cannot fill a disk unseen. */
export const defaultMaxBlobBytes = 32 * 1024 ** 3;

/**
 * The default cap on unfinished uploads at once (monolithic ones included): each holds a staged file and a record
 * for up to the TTL, so without a cap a client opening sessions in a loop grows disk and memory without bound. A
 * push opens one per layer at a time (skopeo and docker a few in parallel), so 256 leaves room for many pushes.
 */
export const defaultMaxOpenUploads = 256;

/** An unfinished upload as Persistence keeps it; its bytes are staged under `id`. Times in epoch milliseconds. */
export interface UploadRecord {
  readonly id: string;
  readonly repository: string;
  /** Bytes received and staged: the next chunk starts here. */
  readonly size: number;
  readonly startedAt: number;
  readonly touchedAt: number;
}

/** What a request's headers promise about the chunk it carries (Content-Range; the final size on a PUT). */
export interface ChunkExpectation {
  /** Where the chunk starts: must be where the upload stands. */
  readonly start?: number;
  /** How many bytes the chunk has. */
  readonly length?: number;
  /** The blob's whole size (`Content-Range: …/<total>` on the closing PUT). */
  readonly total?: number;
}

/**
 * This process's view of an upload: its size and the running sha256 of exactly those bytes (undefined once it is
 * not known, after a restart: the staged file is then hashed once more at the end), and the queue that lets one
 * request at a time touch it.
 */
export interface LiveUpload {
  /** -1 until read from the staged file (the first request after a restart). */
  size: number;
  hash: Hash | undefined;
  tail: Promise<unknown>;
  busy: number;
}

export interface UploadSessionsDeps {
  readonly persistence: Persistence;
  readonly staging: UploadStaging;
  readonly content: ContentStore;
  /** Told of cleanup failures (a staged file that could not be removed); requests go on. */
  readonly onError?: (error: unknown) => void;
}

export interface UploadSessionsOptions {
  /** An upload untouched for this long is removed with its bytes (default 1 hour). */
  readonly ttlMs?: number;
  /** The largest blob an upload may grow to, all its chunks together (default `defaultMaxBlobBytes`). */
  readonly maxBlobBytes?: number;
  /** Past this many unfinished uploads a new one is 429 TOOMANYREQUESTS (default `defaultMaxOpenUploads`). */
  readonly maxOpenUploads?: number;
  readonly now?: () => number;
  /**
   * The Persistence collection of the upload records (default the registry's). Another set of sessions (ECR's
   * layer-upload API) keeps its own, with a staging of its own: each start-up sweep then sees only its uploads.
   */
  readonly collection?: string;
}

/**
 * Blob uploads (spec "Pushing blobs"), durable: metadata in Persistence, bytes in the staging, so that an upload
 * survives a restart of berth and resumes where its staged bytes end. Every request on one upload waits for the one
 * before it. Chunks append in order (a chunk must start where the upload stands); a chunk the client abandons keeps
 * what arrived, a chunk that breaks its promises is dropped whole. Finishing verifies the digest (and the size when
 * given) and has the content store adopt the staged file, so a blob becomes visible only complete and verified.
 * Uploads idle past the TTL are removed, checked on access and when the server starts (files no upload owns go
 * then too).
 */
export class UploadSessions {
  readonly #deps: UploadSessionsDeps;
  readonly #ttlMs: number;
  readonly #maxBlobBytes: number;
  readonly #maxOpenUploads: number;
  readonly #now: () => number;
  readonly #collection: string;
  readonly #live = new Map<string, LiveUpload>();
  readonly #ready: Promise<void>;
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(deps: UploadSessionsDeps, options: UploadSessionsOptions = {}) {
    this.#deps = deps;
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#maxBlobBytes = options.maxBlobBytes ?? defaultMaxBlobBytes;
    this.#maxOpenUploads = options.maxOpenUploads ?? defaultMaxOpenUploads;
    this.#now = options.now ?? Date.now;
    this.#collection = options.collection ?? collection;
    this.#ready = this.#sweepAtStart().catch((error) => deps.onError?.(error));
  }

  async start(repository: string): Promise<UploadRecord> {
    await this.#prepare();
    // The spec's code for "slow down" (TOOMANYREQUESTS, 429); Distribution has no such cap to copy.
    if (this.#deps.persistence.list(this.#collection).length >= this.#maxOpenUploads) {
      throw new OciError(
        'TOOMANYREQUESTS',
        `${this.#maxOpenUploads} uploads are unfinished; finish or cancel one, or wait for idle ones to expire`,
      );
    }
    const now = this.#now();
    const record: UploadRecord = { id: randomUUID(), repository, size: 0, startedAt: now, touchedAt: now };
    await this.#deps.staging.create(record.id);
    this.#deps.persistence.put(this.#collection, record.id, record);
    this.#live.set(record.id, { size: 0, hash: createHash('sha256'), tail: Promise.resolve(), busy: 0 });
    return record;
  }

  /** Where the upload stands, once the request writing to it (if any) has finished. */
  status(repository: string, id: string): Promise<UploadRecord> {
    return this.#exclusive(repository, id, async (record) => record);
  }

  append(repository: string, id: string, body: BodyStream, expect: ChunkExpectation): Promise<UploadRecord> {
    return this.#exclusive(repository, id, async (record, live) => {
      checkStart(record, live, expect.start);
      try {
        await receiveChunk(this.#deps.staging, id, live, body, expect, this.#maxBlobBytes);
      } finally {
        record = this.#touch(record, live);
      }
      return record;
    });
  }

  /** Appends the closing chunk (if any), verifies, commits; the upload is gone afterwards unless a chunk failed. */
  finish(
    repository: string,
    id: string,
    digest: Digest,
    body: BodyStream,
    expect: ChunkExpectation,
  ): Promise<BlobInfo> {
    return this.#exclusive(repository, id, async (record, live) => {
      checkStart(record, live, expect.start);
      try {
        await receiveChunk(this.#deps.staging, id, live, body, expect, this.#maxBlobBytes);
      } finally {
        this.#touch(record, live);
      }
      try {
        return await this.#commit(id, live, digest, expect.total);
      } finally {
        await this.#forget(id);
      }
    });
  }

  /** A whole blob in one request (POST `?digest=`): an upload that lives for this request only. */
  async monolithic(
    repository: string,
    digest: Digest,
    body: BodyStream,
    expect: ChunkExpectation,
  ): Promise<BlobInfo> {
    const { id } = await this.start(repository);
    try {
      return await this.finish(repository, id, digest, body, expect);
    } finally {
      if (this.#live.has(id)) await this.#forget(id);
    }
  }

  async cancel(repository: string, id: string): Promise<void> {
    await this.#exclusive(repository, id, async () => this.#forget(id));
  }

  async #commit(id: string, live: LiveUpload, digest: Digest, total: number | undefined): Promise<BlobInfo> {
    if (total !== undefined && total !== live.size) {
      throw new OciError('SIZE_INVALID', `the upload holds ${live.size} bytes, the request says ${total}`, {
        size: live.size,
        declared: total,
      });
    }
    const actual = await this.#digestOf(id, live, digestParts(digest).algorithm);
    if (actual !== digest) {
      throw new OciError('DIGEST_INVALID', `the uploaded content's digest is ${actual}, not ${digest}`, {
        digest,
      });
    }
    try {
      return await this.#deps.staging.commit(id, { digest, size: live.size }, this.#deps.content);
    } catch (error) {
      if (isBerthError(error) && error.code === 'BERTH_DIGEST_MISMATCH') {
        throw new OciError('DIGEST_INVALID', error.message, { digest });
      }
      throw error;
    }
  }

  /** The running hash when this process saw every byte; else one pass over the staged file. */
  async #digestOf(id: string, live: LiveUpload, algorithm: DigestAlgorithm): Promise<Digest> {
    let hash = algorithm === 'sha256' ? live.hash?.copy() : undefined;
    if (!hash) {
      hash = createHash(algorithm);
      for await (const chunk of this.#deps.staging.read(id)) hash.update(chunk);
    }
    return `${algorithm}:${hash.digest('hex')}` as Digest;
  }

  /** Runs `fn` on the upload once the requests before it are done; BLOB_UPLOAD_UNKNOWN when it is not there. */
  async #exclusive<T>(
    repository: string,
    id: string,
    fn: (record: UploadRecord, live: LiveUpload) => Promise<T>,
  ): Promise<T> {
    await this.#prepare();
    if (!this.#known(repository, id)) throw new OciError('BLOB_UPLOAD_UNKNOWN', undefined, { id });
    let live = this.#live.get(id);
    if (!live) {
      live = { size: -1, hash: undefined, tail: Promise.resolve(), busy: 0 };
      this.#live.set(id, live);
    }
    const own = live;
    own.busy++;
    const run = own.tail.then(async () => {
      // The request before this one may have finished or cancelled the upload.
      const record = this.#deps.persistence.get<UploadRecord>(this.#collection, id);
      if (!record || this.#live.get(id) !== own) throw new OciError('BLOB_UPLOAD_UNKNOWN', undefined, { id });
      if (own.size < 0) {
        const staged = await this.#deps.staging.size(id);
        if (staged === undefined) {
          await this.#forget(id);
          throw new OciError('BLOB_UPLOAD_UNKNOWN', 'the upload lost its staged bytes', { id });
        }
        own.size = staged;
      }
      return fn({ ...record, size: own.size }, own);
    });
    own.tail = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      own.busy--;
    }
  }

  /** Whether the upload exists in this repository and is not idle past the TTL (then it is removed). */
  #known(repository: string, id: string): boolean {
    const record = this.#deps.persistence.get<UploadRecord>(this.#collection, id);
    if (!record || record.repository !== repository) return false;
    if (!this.#expired(record)) return true;
    void this.#forget(id);
    return false;
  }

  #expired(record: UploadRecord): boolean {
    return this.#now() - record.touchedAt > this.#ttlMs && !this.#live.get(record.id)?.busy;
  }

  #touch(record: UploadRecord, live: LiveUpload): UploadRecord {
    const next: UploadRecord = { ...record, size: live.size, touchedAt: this.#now() };
    if (this.#live.get(record.id) === live) this.#deps.persistence.put(this.#collection, record.id, next);
    return next;
  }

  /** Removes the upload: its record first (it is then unknown), then its bytes. */
  async #forget(id: string): Promise<void> {
    this.#deps.persistence.delete(this.#collection, id);
    this.#live.delete(id);
    await this.#deps.staging.remove(id).catch((error) => this.#deps.onError?.(error));
  }

  /** Waits for the start-up sweep; sweeps expired uploads at most once a minute (or once per TTL if shorter). */
  async #prepare(): Promise<void> {
    await this.#ready;
    const now = this.#now();
    if (now - this.#lastSweep < Math.min(this.#ttlMs, 60_000)) return;
    this.#lastSweep = now;
    for (const record of this.#deps.persistence.list<UploadRecord>(this.#collection)) {
      if (this.#expired(record)) await this.#forget(record.id);
    }
  }

  /** Records whose bytes are gone are dropped; staged files no record owns (a crash between the two) removed. */
  async #sweepAtStart(): Promise<void> {
    const files = new Set(await this.#deps.staging.list());
    for (const record of this.#deps.persistence.list<UploadRecord>(this.#collection)) {
      if (!files.delete(record.id)) this.#deps.persistence.delete(this.#collection, record.id);
    }
    for (const id of files) await this.#deps.staging.remove(id);
  }
}

function checkStart(record: UploadRecord, live: LiveUpload, start: number | undefined): void {
  if (start === undefined || start === live.size) return;
  throw new OciError(
    'RANGE_INVALID',
    `the upload is at offset ${live.size}; the chunk starts at ${start}`,
    { offset: live.size },
    uploadHeaders({ ...record, size: live.size }),
  );
}

/** Location, Range (`0-<last byte>`, `0-0` when empty, as Distribution answers) and Docker-Upload-UUID. */
export function uploadHeaders(
  upload: Pick<UploadRecord, 'id' | 'repository' | 'size'>,
): Array<[string, string]> {
  return [
    ['Location', `/v2/${upload.repository}/blobs/uploads/${upload.id}`],
    ['Range', `0-${Math.max(0, upload.size - 1)}`],
    ['Docker-Upload-UUID', upload.id],
  ];
}
