// Status changes pushed to open pages by Server-Sent Events. ECS's API offers no change notification to a client, so
// one poller (shared by every open page, running only while one is open) reads the overview every `intervalMs` and,
// when a task's or a service's status changed, sends each page the change: an overview page gets its new content in
// the event (no second round of reads), any other page fetches itself again.
import type { ServerResponse } from 'node:http';
import type { Overview } from './models.js';

/** What a page may show, as one signature per task and service: a change in any is a change to push. */
export function statusSignatures(overview: Overview): Map<string, string> {
  const signatures = new Map<string, string>();
  for (const t of overview.tasks) signatures.set(`task:${t.arn}`, `${t.lastStatus}/${t.desiredStatus}`);
  for (const s of overview.services) {
    signatures.set(
      `service:${s.arn}`,
      `${s.status}/${s.desired}/${s.running}/${s.pending}/${s.rollout ?? ''}`,
    );
  }
  return signatures;
}

export class LiveFeed {
  readonly #read: () => Promise<Overview>;
  readonly #render: (overview: Overview) => string;
  readonly #intervalMs: number;
  /** Open pages, and whether each is the overview. */
  readonly #pages = new Map<ServerResponse, boolean>();
  #last: Map<string, string> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(read: () => Promise<Overview>, render: (overview: Overview) => string, intervalMs = 200) {
    this.#read = read;
    this.#render = render;
    this.#intervalMs = intervalMs;
  }

  /** Streams change events to `response` until the page goes away. */
  subscribe(response: ServerResponse, overview: boolean): void {
    openStream(response);
    this.#pages.set(response, overview);
    response.on('close', () => {
      this.#pages.delete(response);
      if (this.#pages.size === 0) this.stop();
    });
    if (this.#timer === undefined) this.#schedule(0);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#last = undefined;
    for (const page of this.#pages.keys()) page.end();
    this.#pages.clear();
  }

  #schedule(delay: number): void {
    this.#timer = setTimeout(() => void this.#poll(), delay);
  }

  async #poll(): Promise<void> {
    try {
      const overview = await this.#read();
      const now = statusSignatures(overview);
      const changed = this.#last === undefined ? [] : differences(this.#last, now);
      this.#last = now;
      if (changed.length > 0) {
        let main: string | undefined;
        for (const [page, isOverview] of this.#pages) {
          if (isOverview) main ??= this.#render(overview);
          sendEvent(page, 'change', isOverview ? { changed, main } : { changed });
        }
      }
    } catch {
      // berth is stopping, or a read failed: the next round tries again; the pages keep what they show.
    }
    if (this.#pages.size > 0) this.#schedule(this.#intervalMs);
    else this.#timer = undefined;
  }
}

function differences(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [key, value] of after) if (before.get(key) !== value) changed.push(key);
  for (const key of before.keys()) if (!after.has(key)) changed.push(key);
  return changed;
}

/** The headers of an event stream; no buffering on the way. */
export function openStream(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write('retry: 1000\n\n');
}

export function sendEvent(response: ServerResponse, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
