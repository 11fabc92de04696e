/**
 * Where object data lives, by an id the service picks: the state dir's object directory in `berth up`
 * (adapters/fs-object-bodies), memory in tests. A body is written whole or not at all: `write` resolves once it is
 * durable and leaves nothing behind when its source throws (a checksum that did not match, a client gone).
 */
export interface ObjectBodies {
  /** Writes the chunks under `id`; resolves to the byte count. */
  write(id: string, chunks: AsyncIterable<Uint8Array>): Promise<number>;
  /** The body's bytes from `start` to `end` inclusive (the whole body by default). */
  read(id: string, range?: { readonly start: number; readonly end: number }): AsyncIterable<Uint8Array>;
  /** Removes a body; an absent one is not an error. */
  delete(id: string): Promise<void>;
}

/** Bodies in memory, for tests. */
export class MemoryObjectBodies implements ObjectBodies {
  readonly #bodies = new Map<string, Buffer>();

  async write(id: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(Buffer.from(chunk));
    const body = Buffer.concat(parts);
    this.#bodies.set(id, body);
    return body.length;
  }

  async *read(
    id: string,
    range?: { readonly start: number; readonly end: number },
  ): AsyncIterable<Uint8Array> {
    const body = this.#bodies.get(id) ?? Buffer.alloc(0);
    yield range ? body.subarray(range.start, range.end + 1) : body;
  }

  async delete(id: string): Promise<void> {
    this.#bodies.delete(id);
  }

  get size(): number {
    return this.#bodies.size;
  }
}
