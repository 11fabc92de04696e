/**
 * haproxy as a child of `berth up`, in master-worker mode: configured by writing its file (0600, in the state dir)
 * and starting it, or reloading it with SIGUSR2 — the new worker takes the listening sockets over and the old ones
 * finish their in-flight requests. A configuration counts as served once the master reports `Loading success` and
 * the old worker its soft stop: from then on only the new worker accepts. The master's pid is kept in a file beside the configuration, so that a
 * haproxy left behind by a berth that was killed is stopped before the next one binds the ports.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { BerthError } from '../../errors/index.js';

const run = promisify(execFile);

export class HaproxyProcess {
  readonly #config: string;
  readonly #pidFile: string;
  #child?: ChildProcess;
  /** The master's last lines, for an error's text; and who waits for the outcome of a (re)load. */
  readonly #recent: string[] = [];
  #outcome?: (loaded: boolean) => void;
  /** What the (re)load under way still waits for: the master's `Loading success`, the old worker's soft stop. */
  readonly #awaited = new Set<'loaded' | 'old worker stopped'>();

  readonly #onExit: (code: number | null, signal: NodeJS.Signals | null) => void;

  /** `onExit`: haproxy's master ended without `stop()` (it crashed, or was killed). */
  constructor(
    dir: string,
    onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => undefined,
  ) {
    this.#config = join(dir, 'haproxy.cfg');
    this.#pidFile = join(dir, 'haproxy.pid');
    this.#onExit = onExit;
  }

  /** Serves `text`: checks it, then starts haproxy or reloads it, and resolves once the new worker serves. */
  async configure(text: string): Promise<void> {
    writeFileSync(this.#config, text, { mode: 0o600 });
    await run('haproxy', ['-c', '-q', '-f', this.#config]).catch((error: { stderr?: string }) => {
      throw this.#failed(`haproxy refused berth's configuration: ${error.stderr?.trim()}`);
    });
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const loaded = this.#nextOutcome('loaded', 'old worker stopped');
      child.kill('SIGUSR2');
      if (!(await loaded)) throw this.#failed('haproxy could not reload its configuration');
      return;
    }
    const started = spawn('haproxy', ['-W', '-db', '-f', this.#config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#child = started;
    writeFileSync(this.#pidFile, `${started.pid}\n`, { mode: 0o600 });
    const loaded = this.#nextOutcome('loaded');
    started.once('exit', (code, signal) => {
      this.#outcome?.(false);
      if (this.#child !== started) return;
      this.#child = undefined;
      this.#onExit(code, signal);
    });
    createInterface({ input: started.stderr! }).on('line', (line) => {
      this.#recent.push(line);
      if (this.#recent.length > 20) this.#recent.shift();
      // The old worker stops accepting a moment after the new one is forked; every configuration has `berth`.
      if (/Loading success/.test(line)) this.#reached('loaded');
      else if (/Proxy berth stopped/.test(line)) this.#reached('old worker stopped');
      else if (/Loading failure|Reload failed/.test(line)) this.#outcome?.(false);
    });
    if (!(await loaded)) throw this.#failed('haproxy did not start');
  }

  /** Stops the haproxy a killed berth up left holding the ports, if any: before anything claims a port. */
  stopStale(): Promise<void> {
    return stopStale(this.#pidFile, this.#config);
  }

  /** Stops haproxy and its workers (nothing listens on the ports afterwards). */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      // A worker can outlive its master by a moment, its listening sockets still open.
      await untilGone(this.#config);
    }
    rmSync(this.#pidFile, { force: true });
  }

  /** The outcome of the (re)load under way: the master's word, its exit, or none within 10 s (a failure). */
  #nextOutcome(...awaited: ('loaded' | 'old worker stopped')[]): Promise<boolean> {
    this.#awaited.clear();
    for (const step of awaited) this.#awaited.add(step);
    return new Promise((resolve) => {
      const silent = setTimeout(() => this.#outcome?.(false), 10_000);
      this.#outcome = (loaded) => {
        clearTimeout(silent);
        this.#outcome = undefined;
        resolve(loaded);
      };
    });
  }

  #reached(step: 'loaded' | 'old worker stopped'): void {
    this.#awaited.delete(step);
    if (this.#awaited.size === 0) this.#outcome?.(true);
  }

  #failed(why: string): BerthError {
    const lines = this.#recent.filter((line) => /ALERT|WARNING/.test(line)).join('\n');
    return new BerthError('BERTH_LB_DATA_PLANE', lines ? `${why}:\n${lines}` : why);
  }
}

/**
 * Stops the haproxy a previous berth up left running (it was killed before it could stop it), when the pid file
 * names a live haproxy of this configuration: SIGTERM to the master, which stops its workers; SIGKILL for whatever
 * of this configuration still runs after 5 s.
 */
async function stopStale(pidFile: string, config: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !commandLine(pid).includes(config)) return;
  signal(pid, 'SIGTERM');
  await untilGone(config);
  // Seen under load: the port refused a moment after the last process of the stale haproxy was gone.
  const ports = [...readFileSync(config, 'utf8').matchAll(/^\s*bind [^\s]*:(\d+)/gm)].map((m) =>
    Number(m[1]),
  );
  const deadline = Date.now() + 5000;
  for (const port of ports) while (!(await bindable(port)) && Date.now() < deadline) await sleep(20);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no process of `config` runs; SIGKILL for those still there after 5 s. */
async function untilGone(config: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (let left = runningWith(config); left.length > 0; left = runningWith(config)) {
    if (Date.now() > deadline) for (const stale of left) signal(stale, 'SIGKILL');
    await sleep(10);
  }
}

/** The processes (master and workers) whose command line names `config`. */
function runningWith(config: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => commandLine(pid).includes(config));
}

/** A process that exited meanwhile is no error. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {}
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
