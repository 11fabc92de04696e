import type { Timer } from '../ports/index.js';
import type { FakeClock } from './fake-clock.js';

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly job: () => void | Promise<void>;
}

/**
 * A Timer on a FakeClock: jobs run only when the test moves time with `advance`, in due order, each awaited, the
 * clock set to the job's time while it runs. Jobs a job schedules within the window run in the same call.
 *
 * Due times are on the test's own time line (where the clock started plus what the test advanced), not on the
 * clock's reading: the clock also moves with real time (so signatures stay valid), and a job scheduled while the
 * process was busy would otherwise fall due a few real milliseconds after the step the test expects it in.
 */
export class FakeTimer implements Timer {
  readonly #clock: FakeClock;
  readonly #start = Date.now();
  #pending: Pending[] = [];
  #seq = 0;

  constructor(clock: FakeClock) {
    this.#clock = clock;
  }

  /** Now on the test's time line. */
  #now(): number {
    return this.#start + this.#clock.offset;
  }

  after(ms: number, job: () => void | Promise<void>): () => void {
    const entry = { at: this.#now() + Math.max(0, ms), seq: this.#seq++, job };
    this.#pending.push(entry);
    return () => {
      this.#pending = this.#pending.filter((p) => p !== entry);
    };
  }

  /** Moves the clock by `ms`, running every job that falls due on the way (0: only what is due now). */
  async advance(ms = 0): Promise<void> {
    const end = this.#now() + ms;
    await settle();
    for (;;) {
      const due = this.#pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((p) => p !== due);
      const now = this.#now();
      if (due.at > now) this.#clock.advance(due.at - now);
      await due.job();
      await settle();
    }
    const now = this.#now();
    if (end > now) this.#clock.advance(end - now);
  }

  /** How many jobs wait. */
  get size(): number {
    return this.#pending.length;
  }
}

/** Lets promise chains started earlier (and not awaited by anyone) run to their end. */
const settle = () => new Promise((resolve) => setImmediate(resolve));
