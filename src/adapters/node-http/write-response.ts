import type { ServerResponse } from 'node:http';
import type { HttpResponse } from '../../aws/index.js';
import { BerthError } from '../../errors/index.js';

/**
 * A response body: bytes, or a stream of chunks sent as they come (a registry blob). A streamed body is sent with
 * the Content-Length the handler put in its headers (chunked when it gave none). Chunks are not copied. The next
 * chunk is asked for while one is being sent, but chunk n has been handed to the socket before chunk n + 2 is asked
 * for: a source may recycle a chunk's memory from then on (ContentStore.read's `recycle`).
 */
export type ResponseBody = Buffer | AsyncIterable<Uint8Array>;

/** An HttpResponse whose body may stream. Every HttpResponse is one. */
export interface StreamableResponse extends Omit<HttpResponse, 'body'> {
  readonly body: ResponseBody;
}

/**
 * Writes an answer. A buffered body goes out in one piece with its own length (a HEAD answer keeps the
 * Content-Length the handler declared: the size a GET would send). A streamed body is written chunk by chunk, each
 * waiting for the socket to take the one before (backpressure); it stops quietly when the client leaves. If the stream fails, or
 * yields more or fewer bytes than the declared Content-Length, the socket is destroyed — the client sees a cut
 * response, never a short 200 — and the failure is returned for the caller to report.
 */
export async function writeResponse(
  res: ServerResponse,
  response: StreamableResponse,
  options: { head: boolean; close: boolean },
): Promise<unknown> {
  const { body } = response;
  if (res.headersSent || res.destroyed) {
    if (!Buffer.isBuffer(body)) await closeStream(body);
    return undefined;
  }
  const flat: string[] = [];
  let declared: string | undefined;
  for (const [name, value] of response.headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-length') declared = value;
    if (lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') continue;
    flat.push(name, value);
  }
  if (Buffer.isBuffer(body)) {
    // A HEAD answer describes the body a GET would send (a registry blob's size) without sending it.
    const length = options.head && body.length === 0 && declared !== undefined ? declared : body.length;
    flat.push('Content-Length', String(length));
    if (options.close) flat.push('Connection', 'close');
    res.writeHead(response.status, flat);
    res.end(body);
    return undefined;
  }
  const length = declared === undefined ? undefined : Number(declared);
  if (length !== undefined && !(Number.isSafeInteger(length) && length >= 0)) {
    await closeStream(body);
    res.destroy();
    return new BerthError('BERTH_INTERNAL', `a streamed response declared Content-Length ${declared}`);
  }
  if (length !== undefined) flat.push('Content-Length', String(length));
  if (options.close) flat.push('Connection', 'close');
  res.writeHead(response.status, flat);
  if (options.head) {
    await closeStream(body);
    res.end();
    return undefined;
  }
  return pipeBody(res, body, length);
}

async function pipeBody(
  res: ServerResponse,
  body: AsyncIterable<Uint8Array>,
  length: number | undefined,
): Promise<unknown> {
  const chunks = body[Symbol.asyncIterator]();
  let sent = 0;
  let finished = false;
  // One chunk ahead: the source reads the next chunk (a disk read) while the socket sends this one.
  let next = chunks.next();
  try {
    for (;;) {
      const { value: chunk, done } = await next;
      if (done) break;
      if (res.destroyed) return undefined;
      sent += chunk.byteLength;
      if (length !== undefined && sent > length) {
        throw new BerthError(
          'BERTH_INTERNAL',
          `a streamed response is longer than its Content-Length ${length}`,
        );
      }
      next = chunks.next();
      // Settled later in `finally` if the loop ends first; it must not count as unhandled meanwhile.
      next.catch(() => undefined);
      await written(res, chunk);
    }
    finished = true;
    if (res.destroyed) return undefined;
    if (length !== undefined && sent !== length) {
      throw new BerthError(
        'BERTH_INTERNAL',
        `a streamed response ended after ${sent} of its ${length} declared bytes`,
      );
    }
    res.end();
    return undefined;
  } catch (error) {
    res.destroy();
    return error;
  } finally {
    // Leaving early (client gone, error) closes the source, so that its finally blocks run (file handles).
    if (!finished) {
      await next.catch(() => undefined);
      await chunks.return?.()?.catch(() => undefined);
    }
  }
}

/**
 * Writes a chunk and resolves once it has been handed to the socket (its memory is free again; backpressure: the
 * next chunk waits), or once the socket is gone (the loop then sees `res.destroyed`).
 */
function written(res: ServerResponse, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.on('close', done);
    res.write(chunk, done);
  });
}

/** Lets a stream that will not be sent release what it holds (a generator's finally blocks). */
export async function closeStream(body: AsyncIterable<Uint8Array>): Promise<void> {
  await body[Symbol.asyncIterator]()
    .return?.()
    ?.catch(() => undefined);
}
