// The console's browser tests' world: a real `berth up` with runc tasks (the e2e world), Debian's chromium driven by
// playwright-core, and a record of every response body and console message the browser saw, to scan for what must
// never reach a page.
import { spawnSync } from 'node:child_process';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type EcsWorld, startEcsWorld } from '../e2e/support/ecs-world.js';
import { berthBin } from '../integ/berth-process.js';

export interface ConsoleWorld {
  readonly ecs: EcsWorld;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every response body the browser received (event streams are read by `streamText`). */
  readonly bodies: string[];
  /** Every console message and page error. */
  readonly messages: string[];
  /** `berth console --print-url`. */
  printUrl(): string;
  close(): Promise<void>;
}

export async function startConsoleWorld(): Promise<ConsoleWorld> {
  const ecs = await startEcsWorld();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // As root (CI), Chromium refuses to start with its sandbox.
    args: ['--no-sandbox'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const bodies: string[] = [];
  const messages: string[] = [];
  context.on('response', (response) => {
    if ((response.headers()['content-type'] ?? '').startsWith('text/event-stream')) return;
    response
      .text()
      .then((text) => bodies.push(`${response.url()}\n${text}`))
      .catch(() => undefined);
  });
  page.on('console', (message) => messages.push(message.text()));
  page.on('pageerror', (error) => messages.push(String(error)));
  return {
    ecs,
    browser,
    context,
    page,
    bodies,
    messages,
    printUrl() {
      const ran = spawnSync(
        process.execPath,
        [berthBin, 'console', '--print-url', '--state', ecs.berth.stateDir],
        {
          encoding: 'utf8',
        },
      );
      if (ran.status !== 0) throw new Error(`berth console --print-url failed: ${ran.stderr}`);
      return ran.stdout;
    },
    async close() {
      await browser.close();
      await ecs.close();
    },
  };
}

/** What an event stream sends in `ms` (read with the session cookie, outside the browser, to scan it too). */
export async function streamText(url: string, cookie: string, ms: number): Promise<string> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { cookie }, signal: abort.signal });
  let text = '';
  const reader = response.body!.getReader();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
  } catch {
    // Aborted: the stream was read for `ms`.
  } finally {
    clearTimeout(timer);
  }
  return text;
}
