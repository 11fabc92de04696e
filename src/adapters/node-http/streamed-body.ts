import type { IncomingMessage } from 'node:http';
import { BerthError } from '../../errors/index.js';

/** How far a streamed body got: not touched yet, being read, read to its end, over the cap, or cut off. */
export type StreamedBodyState = 'unread' | 'reading' | 'ended' | 'too-large' | 'aborted';

/**
 * The body of a request on a `streamBody` route, handed to the handler to iterate once, chunk by chunk as it
 * arrives: nothing is buffered beyond Node's own stream buffer, and a handler that stops pulling stops the socket
 * (TCP backpressure). The route's byte cap is enforced while streaming: the chunk that crosses it is not yielded,
 * the iteration throws, and the adapter answers 413 whatever the handler returns. A client that leaves mid-body
 * makes the iteration throw too, so the handler can keep or drop what it got; nothing is written back.
 */
export class StreamedBody implements AsyncIterable<Buffer> {
  readonly #req: IncomingMessage;
  readonly #maxBytes: number;
  readonly #onFirstRead: (() => void) | undefined;
  #state: StreamedBodyState = 'unread';
  #received = 0;

  /** `onFirstRead`: for `Expect: 100-continue`, the client is told to send the body only once it is wanted. */
  constructor(req: IncomingMessage, maxBytes: number, onFirstRead?: () => void) {
    this.#req = req;
    this.#maxBytes = maxBytes;
    this.#onFirstRead = onFirstRead;
  }

  get state(): StreamedBodyState {
    return this.#state;
  }

  /** Body bytes received so far. */
  get received(): number {
    return this.#received;
  }

  /**
   * Whether the connection can carry another request after the answer: the body was read to its end, or node:http
   * has received all of it (a request without a body, or one the handler ignored that node:http can discard).
   */
  get drained(): boolean {
    return this.#state === 'ended' || (this.#state !== 'too-large' && this.#req.complete);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    if (this.#state !== 'unread')
      throw new BerthError('BERTH_INTERNAL', 'a request body can be read only once');
    this.#state = 'reading';
    this.#onFirstRead?.();
    // Not destroyed when the handler stops early: the socket must stay open for the handler's answer.
    const chunks = this.#req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
    try {
      for await (const chunk of chunks) {
        this.#received += chunk.length;
        if (this.#received > this.#maxBytes) {
          this.#state = 'too-large';
          break;
        }
        yield chunk;
      }
    } catch (error) {
      this.#state = 'aborted';
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `the client closed the connection after ${this.#received} bytes of the request body`,
        { cause: error },
      );
    }
    if (this.#state === 'too-large') {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `the request body is larger than ${this.#maxBytes} bytes`,
      );
    }
    if (!this.#req.complete) {
      this.#state = 'aborted';
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `the request body ended early after ${this.#received} bytes (connection closed)`,
      );
    }
    this.#state = 'ended';
  }
}
