// Polls a URL until it answers 200: "the process answers on its port", the end point of the run-task benchmark's
// latencies. Each attempt is bounded, so an address that is not on the bridge yet (ARP unanswered) costs one short
// attempt, not the kernel's 3 s neighbour timeout.
import { request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

export interface ProbeOptions {
  /** Pause between attempts. */
  readonly intervalMs: number;
  /** One attempt's limit (connect and answer). */
  readonly attemptMs?: number;
  /** A hang guard, not a timing assertion. */
  readonly giveUpMs?: number;
  /** Stops probing early (the task stopped). */
  readonly signal?: AbortSignal;
}

/** Resolves with `performance.now()` at the first 200 from `url`. */
export async function waitForAnswer(url: string, options: ProbeOptions): Promise<number> {
  const giveUp = performance.now() + (options.giveUpMs ?? 60_000);
  for (;;) {
    options.signal?.throwIfAborted();
    if (await answersOk(url, options.attemptMs ?? 250)) return performance.now();
    if (performance.now() > giveUp) throw new Error(`${url} did not answer 200`);
    await delay(options.intervalMs);
  }
}

function answersOk(url: string, attemptMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: attemptMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
