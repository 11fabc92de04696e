import { OciError } from './oci-errors.js';
import type { BodyStream } from './server-http.js';
import type { ChunkExpectation, LiveUpload } from './upload-sessions.js';
import type { UploadStaging } from './upload-staging.js';

/** How long a refused chunk's remaining bytes are read and dropped, at most (nginx's lingering_time is 30 s too). */
const drainMs = 30_000;

/**
 * Streams one request's chunk into an upload's staged file, updating the running hash on the way (each byte is
 * hashed once, as it arrives). `length`, when the request promised one (Content-Range), must be met exactly:
 * SIZE_INVALID otherwise. A chunk that takes the blob past `maxBlobBytes` is refused (413): from the byte that
 * passes it (or from the start, when Content-Range or the closing total promise too much) the rest of the body is
 * read and dropped, for up to 30 s, before the answer — Go's net/http, in docker and skopeo, reads no answer until
 * it has sent its body, so a connection cut under it would show "broken pipe" instead of the reason. The outcome
 * leaves `live` matching the file:
 * - the chunk arrived whole: size and hash include it;
 * - the client left mid-body: what arrived stays (GET status reports it, the client resumes from there), unless
 *   the chunk had been refused;
 * - a broken promise or the limit (SIZE_INVALID) or a failed write: the chunk is dropped whole, size and hash as
 *   before.
 */
export async function receiveChunk(
  staging: UploadStaging,
  id: string,
  live: LiveUpload,
  body: BodyStream,
  { length, total }: ChunkExpectation,
  maxBlobBytes: number,
): Promise<void> {
  const room = maxBlobBytes - live.size;
  const promised = Math.max(total ?? 0, live.size + (length ?? 0));
  const before = { size: live.size, hash: live.hash?.copy() };
  const writer = await staging.append(id, live.size);
  const source = new ClientBody(body);
  let received = 0;
  let refusedAt = promised > maxBlobBytes ? Date.now() : undefined;
  try {
    for await (const chunk of source) {
      received += chunk.byteLength;
      if (refusedAt === undefined && received > room) refusedAt = Date.now();
      if (refusedAt !== undefined) {
        if (Date.now() - refusedAt > drainMs) break;
        continue;
      }
      if (length !== undefined && received > length) throw sizeInvalid(length, 'more');
      live.hash?.update(chunk);
      // A body chunk is the request's own and never reused, so the staging may keep it instead of copying it.
      await writer.writeOwned(chunk);
    }
    if (refusedAt !== undefined) throw blobTooLarge(maxBlobBytes);
    if (length !== undefined && received !== length) throw sizeInvalid(length, received);
    live.size = await writer.close();
  } catch (error) {
    if (source.failed && refusedAt === undefined) {
      try {
        live.size = await writer.close();
      } catch {
        // What reached the disk is unknown: the file says, and the hash is redone at the end.
        live.size = (await staging.size(id)) ?? before.size;
        live.hash = undefined;
      }
    } else {
      await writer.discard();
      live.size = before.size;
      live.hash = before.hash;
    }
    throw error;
  }
}

function sizeInvalid(length: number, received: number | 'more'): OciError {
  const got = received === 'more' ? `more than ${length}` : String(received);
  return new OciError(
    'SIZE_INVALID',
    `the chunk was to have ${length} bytes (Content-Range) and had ${got}`,
    {
      declared: length,
    },
  );
}

/**
 * A blob over the registry's limit. The distribution spec names no code for this (Distribution itself has no
 * limit), so this is a choice: SIZE_INVALID with 413 Request Entity Too Large, the status clients already meet
 * where a proxy in front of a registry caps bodies (nginx client_max_body_size), but with the JSON error body that
 * docker and skopeo can print, and the limit in it, so the user knows which setting to raise.
 */
function blobTooLarge(limit: number): OciError {
  return new OciError(
    'SIZE_INVALID',
    `the blob would be larger than this registry's limit of ${limit} bytes (berth up --registry-max-blob-size)`,
    { limit },
    [],
    { status: 413 },
  );
}

/**
 * The request body, marking a failure of the body itself (the client left, or the request outgrew the server's
 * cap) apart from failures of what is done with its chunks.
 */
class ClientBody implements AsyncIterable<Uint8Array> {
  readonly #body: BodyStream;
  failed = false;

  constructor(body: BodyStream) {
    this.#body = body;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const chunks = this.#body[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await chunks.next();
        } catch (error) {
          this.failed = true;
          const why = error instanceof Error ? `: ${error.message}` : '';
          throw new OciError('BLOB_UPLOAD_INVALID', `the request body ended early${why}`);
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await chunks.return?.();
    }
  }
}
