// Reading the container log files the runtime writes (agent/runtime/runtime.ts ContainerLogLine: one JSON object per
// line, `{"time","stream","text"}`), incrementally, so that `berth logs --follow` and the awslogs driver (agent/awslogs) read on as lines are appended.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface LogLine {
  readonly container: string;
  /** ISO 8601 (UTC, milliseconds): string order is time order. */
  readonly time: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

const chunkSize = 64 * 1024;

/** Where lines come from, for `drainInTimeOrder`: a log file, or `berth logs`' reader of an awslogs stream. */
export interface LineSource {
  /** Lines read and not yet taken, in order. */
  readonly queue: LogLine[];
  /** Reads on into the queue; false when nothing more has been written (yet). */
  readMore(): boolean;
}

/** One container's log file: each read takes the next chunk appended since the last one; complete lines only. */
export class ContainerLogReader implements LineSource {
  /** Lines read and not yet taken, in file order. */
  readonly queue: LogLine[] = [];
  readonly #buffer = Buffer.allocUnsafe(chunkSize);
  readonly #decoder = new StringDecoder('utf8');
  #fd: number | undefined;
  #partial = '';
  #lastTime = '';

  constructor(
    readonly container: string,
    readonly path: string,
  ) {}

  /** Reads the next chunk into the queue; false when nothing more has been written (yet). */
  readMore(): boolean {
    this.#fd ??= openSync(this.path, 'r');
    // position null: from where the last read ended, so that appended bytes are read next time.
    const read = readSync(this.#fd, this.#buffer, 0, chunkSize, null);
    if (read === 0) return false;
    const lines = (this.#partial + this.#decoder.write(this.#buffer.subarray(0, read))).split('\n');
    this.#partial = lines.pop() as string;
    for (const line of lines) if (line !== '') this.queue.push(this.#parse(line));
    return true;
  }

  /** Queues a last line the file does not end with a newline (called once nothing more will be written). */
  finish(): void {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = '';
    if (rest.trim() !== '') this.queue.push(this.#parse(rest));
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #parse(raw: string): LogLine {
    try {
      const value = JSON.parse(raw) as Partial<Record<keyof LogLine, unknown>>;
      const { time, stream, text } = value;
      if (
        typeof time === 'string' &&
        typeof text === 'string' &&
        (stream === 'stdout' || stream === 'stderr')
      ) {
        this.#lastTime = time;
        return { container: this.container, time, stream, text };
      }
    } catch {
      // Shown as it is, below.
    }
    // Not a line of the runtime's format (a damaged file): shown as it is, where it stands in the file.
    return { container: this.container, time: this.#lastTime, stream: 'stdout', text: raw };
  }
}

/**
 * Hands every line the readers have to `emit`, in time order across containers (within a container, file order),
 * reading on chunk by chunk as queues run empty, until every reader is at the end of what has been written.
 */
export async function drainInTimeOrder(
  readers: readonly LineSource[],
  emit: (line: LogLine) => Promise<void> | void,
): Promise<void> {
  const drained = new Set<LineSource>();
  for (;;) {
    let next: LineSource | undefined;
    for (const reader of readers) {
      while (reader.queue.length === 0 && !drained.has(reader)) {
        if (!reader.readMore()) drained.add(reader);
      }
      const head = reader.queue[0];
      if (head !== undefined && (next === undefined || head.time < (next.queue[0] as LogLine).time))
        next = reader;
    }
    if (next === undefined) return;
    await emit(next.queue.shift() as LogLine);
  }
}
