// ApacheBench (`ab`, apache2-utils) as the load of the proxy benches: one round against one URL, its requests per
// second, refusing a round with any failed or non-2xx answer.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface AbRound {
  readonly url: string;
  readonly requests: number;
  readonly concurrency: number;
  /** `-k`: the client keeps its connections alive (browsers and SDKs do). */
  readonly keepAlive: boolean;
  /** Extra request headers, e.g. `Host: …`. */
  readonly headers?: readonly string[];
}

export async function ab(round: AbRound): Promise<number> {
  const args = ['-q', '-c', String(round.concurrency), '-n', String(round.requests)];
  if (round.keepAlive) args.push('-k');
  for (const header of round.headers ?? []) args.push('-H', header);
  const { stdout } = await run('ab', [...args, round.url], { maxBuffer: 1 << 20 });
  const failed = Number(/Failed requests:\s+(\d+)/.exec(stdout)?.[1] ?? 'NaN');
  const non2xx = Number(/Non-2xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? '0');
  assert.equal(failed + non2xx, 0, `ab against ${round.url}:\n${stdout}`);
  return Number(/Requests per second:\s+([\d.]+)/.exec(stdout)![1]);
}

/** How many of a keep-alive round's requests reused a connection (0 when the server closes each one). */
export async function keptAlive(url: string, requests: number): Promise<number> {
  const { stdout } = await run('ab', ['-q', '-k', '-c', '1', '-n', String(requests), url]);
  return Number(/Keep-Alive requests:\s+(\d+)/.exec(stdout)?.[1] ?? '0');
}

export async function abVersion(): Promise<string> {
  const { stdout } = await run('ab', ['-V']);
  return stdout.split('\n')[0] ?? 'ab';
}
