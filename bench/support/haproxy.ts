// The native peer of the ALB benches: Debian's haproxy in HTTP mode in front of the same target, with the same
// kind of work on the way (X-Forwarded-For added, connections to the target kept alive when the target allows),
// default threads. What a proxy written in C costs on this machine's path, beside berth's.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../test/integ/support/system-tools.js';

const run = promisify(execFile);

export interface Haproxy {
  readonly url: string;
  readonly version: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startHaproxy(target: { host: string; port: number }): Promise<Haproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-haproxy-'));
  const port = await freePort();
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    [
      'global',
      '  maxconn 4096',
      'defaults',
      '  mode http',
      '  option forwardfor',
      '  timeout connect 10s',
      '  timeout client 60s',
      '  timeout server 60s',
      'frontend listener',
      `  bind 127.0.0.1:${port}`,
      '  default_backend targets',
      'backend targets',
      `  server task ${target.host}:${target.port}`,
      '',
    ].join('\n'),
  );
  const { stdout } = await run('haproxy', ['-v']);
  const child = spawn('haproxy', ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  await untilAnswers(`http://127.0.0.1:${port}/`, child);
  return {
    url: `http://127.0.0.1:${port}/`,
    version: stdout.split('\n')[0]?.replace(/ - .*/, '') ?? 'haproxy',
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function untilAnswers(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}`);
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('haproxy did not answer within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
