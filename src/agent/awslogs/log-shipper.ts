/**
 * Ships one container's output to its log stream: follows the log file the runtime writes (so a task's local file
 * and its awslogs stream hold the same lines, and the runtime needs no second output path), collects the lines,
 * and sends them with PutLogEvents once a second and whenever a batch is full (PutLogEvents' limits: 10,000 events,
 * 1,048,576 bytes counting 26 per event, ref ecs-services-elb-logs §7.2), and a last time when the container has
 * stopped. Docker's driver sends every 5 s [INF: its batchPublishFrequency]; berth's second keeps `aws logs tail
 * --follow` close to the container. One batch is in flight at a time, so events arrive in order. Empty lines are
 * not sent (PutLogEvents refuses an empty message).
 */
import { ContainerLogReader } from '../runtime/container-log-reader.js';
import type { LogEvent } from './logs-writer.js';

export const flushIntervalMs = 1000;
const maxEvents = 10_000;
const maxBytes = 1_048_576;
const perEventBytes = 26;

export interface LogShipperOptions {
  readonly file: string;
  readonly put: (events: readonly LogEvent[]) => Promise<void>;
  /** Told once of the first failed batch (the lines of a failed batch are dropped, as Docker's driver drops them). */
  readonly onFailure: (error: unknown) => void;
  readonly intervalMs?: number;
}

export class LogShipper {
  readonly #reader: ContainerLogReader;
  readonly #options: LogShipperOptions;
  readonly #timer: NodeJS.Timeout;
  #pending: LogEvent[] = [];
  #sending: Promise<void> = Promise.resolve();
  #failed = false;
  #closed?: Promise<void>;

  constructor(options: LogShipperOptions) {
    this.#options = options;
    this.#reader = new ContainerLogReader('', options.file);
    this.#timer = setInterval(() => this.#tick(false), options.intervalMs ?? flushIntervalMs);
    this.#timer.unref();
  }

  /** Ships what is left (a last line without its newline too) and stops following; resolves once it is sent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      clearInterval(this.#timer);
      await this.#tick(true);
      this.#reader.close();
    })();
    return this.#closed;
  }

  #tick(last: boolean): Promise<void> {
    this.#collect(last);
    const batches = this.#batches();
    this.#sending = this.#sending.then(async () => {
      for (const batch of batches) {
        try {
          await this.#options.put(batch);
        } catch (error) {
          if (!this.#failed) this.#options.onFailure(error);
          this.#failed = true;
        }
      }
    });
    return this.#sending;
  }

  #collect(last: boolean): void {
    try {
      while (this.#reader.readMore()) {
        for (const line of this.#reader.queue.splice(0)) this.#add(line.time, line.text);
      }
      if (last) this.#reader.finish();
    } catch (error) {
      // Not written yet: the runtime creates the file when the container has started.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of this.#reader.queue.splice(0)) this.#add(line.time, line.text);
  }

  #add(time: string, text: string): void {
    const message = text.endsWith('\n') ? text.slice(0, -1) : text;
    if (message === '') return;
    const timestamp = Date.parse(time);
    this.#pending.push({ timestamp: Number.isNaN(timestamp) ? Date.now() : timestamp, message });
  }

  /** The pending events cut into batches within PutLogEvents' limits. */
  #batches(): LogEvent[][] {
    const batches: LogEvent[][] = [];
    let batch: LogEvent[] = [];
    let bytes = 0;
    // stdout and stderr lines are timed as they arrive; sorted (stably), a batch is in the order PutLogEvents wants.
    for (const event of this.#pending.sort((a, b) => a.timestamp - b.timestamp)) {
      const size = Buffer.byteLength(event.message, 'utf8') + perEventBytes;
      if (batch.length === maxEvents || (batch.length > 0 && bytes + size > maxBytes)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(event);
      bytes += size;
    }
    if (batch.length > 0) batches.push(batch);
    this.#pending = [];
    return batches;
  }
}
