/**
 * A container's stdout and stderr as ContainerLogLine JSON lines in its log file. Output is split on newlines (a
 * line longer than 16 KiB is cut there, Docker's json-file limit, so one endless line cannot grow memory); the
 * timestamp is when the line's end arrived.
 *
 * Lines are held until `release()`: until runc says the container started, what arrives on stderr may be runc's own
 * failure message, which belongs in the start error, not in the container's log (`discard()`).
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { ContainerLogLine } from '../../agent/runtime/runtime.js';
import type { Clock } from '../../ports/index.js';

export const maxLogLineChars = 16 * 1024;

type Stream = ContainerLogLine['stream'];

export class ContainerLogWriter {
  readonly #path: string;
  readonly #clock: Clock;
  readonly #partial: Record<Stream, string> = { stdout: '', stderr: '' };
  readonly #decoders: Record<Stream, StringDecoder> = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };
  #held: ContainerLogLine[] | undefined = [];
  #out: WriteStream | undefined;

  constructor(path: string, clock: Clock) {
    this.#path = path;
    this.#clock = clock;
  }

  push(stream: Stream, chunk: Buffer): void {
    const text = this.#partial[stream] + this.#decoders[stream].write(chunk);
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      if (end - start > maxLogLineChars) {
        this.#emit(stream, text.slice(start, start + maxLogLineChars));
        start += maxLogLineChars;
        continue;
      }
      if (newline === -1) break;
      this.#emit(stream, text.slice(start, newline));
      start = newline + 1;
    }
    this.#partial[stream] = text.slice(start);
  }

  /** Writes the held lines and every later one to the log file. */
  release(): void {
    if (this.#held === undefined) return;
    mkdirSync(dirname(this.#path), { recursive: true });
    this.#out = createWriteStream(this.#path, { flags: 'a', mode: 0o600 });
    const held = this.#held;
    this.#held = undefined;
    for (const line of held) this.#write(line);
  }

  /** Forgets the held lines; nothing is written. */
  discard(): void {
    this.#held = [];
  }

  /** Flushes unterminated output as final lines and closes the file. */
  async close(): Promise<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.#partial[stream] + this.#decoders[stream].end();
      this.#partial[stream] = '';
      if (rest !== '') this.#emit(stream, rest);
    }
    const out = this.#out;
    if (!out) return;
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(resolve);
    });
  }

  #emit(stream: Stream, text: string): void {
    const line: ContainerLogLine = { time: this.#clock.now().toISOString(), stream, text };
    if (this.#held) this.#held.push(line);
    else this.#write(line);
  }

  #write(line: ContainerLogLine): void {
    this.#out?.write(`${JSON.stringify(line)}\n`);
  }
}
