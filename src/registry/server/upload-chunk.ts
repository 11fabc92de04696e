import { OciError } from './oci-errors.js';
import type { BodyStream } from './server-http.js';
import type { LiveUpload } from './upload-sessions.js';
import type { UploadStaging } from './upload-staging.js';

/**
 * Streams one request's chunk into an upload's staged file, updating the running hash on the way (each byte is
 * hashed once, as it arrives). `length`, when the request promised one (Content-Range), must be met exactly:
 * SIZE_INVALID otherwise. The outcome leaves `live` matching the file:
 * - the chunk arrived whole: size and hash include it;
 * - the client left mid-body: what arrived stays (GET status reports it, the client resumes from there);
 * - a broken promise (SIZE_INVALID) or a failed write: the chunk is dropped whole, size and hash as before.
 */
export async function receiveChunk(
  staging: UploadStaging,
  id: string,
  live: LiveUpload,
  body: BodyStream,
  length: number | undefined,
): Promise<void> {
  const before = { size: live.size, hash: live.hash?.copy() };
  const writer = await staging.append(id, live.size);
  const source = new ClientBody(body);
  let received = 0;
  try {
    for await (const chunk of source) {
      received += chunk.byteLength;
      if (length !== undefined && received > length) throw sizeInvalid(length, 'more');
      live.hash?.update(chunk);
      await writer.write(chunk);
    }
    if (length !== undefined && received !== length) throw sizeInvalid(length, received);
    live.size = await writer.close();
  } catch (error) {
    if (source.failed) {
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
