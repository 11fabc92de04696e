import { randomUUID } from 'node:crypto';
import { OciError } from './oci-errors.js';

/** An upload in progress: the bytes received so far, in order. Never visible as a blob until finished. */
export interface UploadSession {
  readonly id: string;
  readonly repository: string;
  readonly chunks: Buffer[];
  size: number;
  touchedAt: number;
}

export interface UploadSessionsOptions {
  /** An upload untouched for this long is forgotten (default 1 hour). */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/**
 * Upload sessions: started (POST), appended to in order (PATCH with Content-Range starting at the current size),
 * finished or cancelled. Sessions expire when idle. Kept in this process's memory: a restart of berth forgets
 * unfinished uploads, which clients recover from by starting over.
 */
export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: UploadSessionsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
  }

  start(repository: string): UploadSession {
    this.expire();
    const session: UploadSession = {
      id: randomUUID(),
      repository,
      chunks: [],
      size: 0,
      touchedAt: this.now(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(repository: string, id: string): UploadSession {
    this.expire();
    const session = this.sessions.get(id);
    if (!session || session.repository !== repository) throw new OciError('BLOB_UPLOAD_UNKNOWN');
    return session;
  }

  /** Appends a chunk; `start` (from Content-Range) must be where the upload stands. */
  append(session: UploadSession, chunk: Buffer, start?: number): void {
    if (start !== undefined && start !== session.size) {
      throw new OciError(
        'RANGE_INVALID',
        `upload is at offset ${session.size}, chunk starts at ${start}`,
        undefined,
        [
          ['Location', `/v2/${session.repository}/blobs/uploads/${session.id}`],
          ['Range', rangeHeader(session.size)],
          ['Docker-Upload-UUID', session.id],
        ],
      );
    }
    if (chunk.length > 0) session.chunks.push(chunk);
    session.size += chunk.length;
    session.touchedAt = this.now();
  }

  remove(id: string): boolean {
    return this.sessions.delete(id);
  }

  private expire(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [id, session] of this.sessions) if (session.touchedAt < cutoff) this.sessions.delete(id);
  }
}

/** `Range: 0-N` (inclusive end) of what an upload holds; `0-0` when empty, as Distribution answers. */
export function rangeHeader(size: number): string {
  return `0-${Math.max(0, size - 1)}`;
}
