/** Where finished lines go: SonicBoom (pino's destination) or any stream that takes strings. */
export interface LineSink {
  write(text: string): unknown;
}

export interface LineBatchOptions {
  /** Lines are written once this many characters are waiting… */
  readonly maxChars: number;
  /** …or at least this often (ms), so that a quiet server's last lines still show promptly. */
  readonly flushEveryMs: number;
}

/**
 * Collects log lines and hands them to the sinks in one write per batch. The access log writes a line per request;
 * written one by one, each line cost a write call, and SonicBoom's own buffering measures its whole buffer again
 * on every line (a 16 KiB flatten per request). Here a line is pushed to an array, and the batch is joined once.
 * A kill -9 loses at most the last `flushEveryMs` of lines.
 */
export class LineBatch {
  readonly #sinks: readonly LineSink[];
  readonly #options: LineBatchOptions;
  #lines: string[] = [];
  #chars = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(sinks: readonly LineSink[], options: LineBatchOptions) {
    this.#sinks = sinks;
    this.#options = options;
    this.#timer = setInterval(() => this.flush(), options.flushEveryMs);
    this.#timer.unref();
  }

  add(line: string): void {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.#options.maxChars) this.flush();
  }

  /** Writes what is waiting (before any line written around the batch, to keep the order). */
  flush(): void {
    if (this.#lines.length === 0) return;
    const text = this.#lines.join('');
    this.#lines = [];
    this.#chars = 0;
    for (const sink of this.#sinks) sink.write(text);
  }

  /** Writes what is waiting and stops the timer. */
  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }
}
