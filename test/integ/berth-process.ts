// Starts and stops the BUILT `berth up` (dist/cli/main.js; `npm test` builds first) as a real process, for any
// integration test that wants a running endpoint: start() → { endpoint, credentials, env, stop() }.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const berthBin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const listeningLine =
  /^berth: listening on (http:\/\/127\.0\.0\.1:(\d+)) \(account (\d{12}), region ([a-z0-9-]+), state (.+)\)$/;

export interface StartOptions {
  /** The state dir; when omitted, a fresh temporary one that stop() removes (unless told removeState: false). */
  state?: string;
  port?: number;
  accountId?: string;
  region?: string;
  /** `--task-cidr`: tests that run tasks give each berth a range of its own (see testTaskCidr). */
  taskCidr?: string;
  /** More `berth up` options, e.g. `['--registry-max-blob-size', '1MiB']`. */
  upArgs?: string[];
  /** Extra environment, e.g. BERTH_ROOT_ACCESS_KEY_ID / BERTH_ROOT_SECRET_ACCESS_KEY. */
  env?: Record<string, string>;
  /** Options for node itself, e.g. `--cpu-prof` to profile berth in a benchmark. */
  nodeArgs?: string[];
  /** How long to wait for the listening line before giving up (a hang guard, not a timing assertion). */
  startTimeoutMs?: number;
}

export interface AwsEnv {
  /** The HTTPS endpoint (`https://localhost:PORT`), trusted through the two CA variables below. */
  AWS_ENDPOINT_URL: string;
  AWS_CA_BUNDLE: string;
  NODE_EXTRA_CA_CERTS: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_REGION: string;
}

export interface BerthProcess {
  readonly endpoint: string;
  readonly port: number;
  readonly stateDir: string;
  readonly accountId: string;
  readonly region: string;
  /** The root credentials, as `berth env --json` prints them. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** The variables `berth env` exports, for child processes (the AWS CLI, berth's own commands). */
  readonly env: AwsEnv;
  readonly child: ChildProcess;
  /** Everything the process wrote so far. */
  output(): { stdout: string; stderr: string };
  /** Sends `signal` (SIGTERM by default) and waits for the exit; removes a temporary state dir if asked. */
  stop(options?: { signal?: NodeJS.Signals; removeState?: boolean }): Promise<Exit>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A fresh temporary state dir (the caller removes it, or lets stop({ removeState: true }) do it). */
export function tempStateDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'berth-integ-')), 'state');
}

/** The environment berth runs with in tests: the caller's, minus anything that would change its credentials. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['BERTH_ROOT_ACCESS_KEY_ID'];
  delete env['BERTH_ROOT_SECRET_ACCESS_KEY'];
  return { ...env, ...extra };
}

/** Runs a berth command to completion (e.g. `env`, `iam simulate`). */
export function runBerth(args: string[], env?: Record<string, string>) {
  const run = spawnSync(process.execPath, [berthBin, ...args], { encoding: 'utf8', env: childEnv(env) });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

export async function startBerth(options: StartOptions = {}): Promise<BerthProcess> {
  const ownState = options.state === undefined;
  const state = options.state ?? tempStateDir();
  const args = ['up', '--port', String(options.port ?? 0), '--state', state];
  if (options.accountId) args.push('--account-id', options.accountId);
  if (options.region) args.push('--region', options.region);
  if (options.taskCidr) args.push('--task-cidr', options.taskCidr);
  args.push(...(options.upArgs ?? []));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), berthBin, ...args], {
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`berth up did not print its listening line\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.startTimeoutMs ?? 20_000);
    const onData = () => {
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(stdout.slice(0, newline));
    };
    child.stdout.on('data', onData);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`berth up exited (${exit.code ?? exit.signal}) before listening\nstderr: ${stderr}`));
    });
  });
  const match = listeningLine.exec(line);
  if (!match) throw new Error(`unexpected first line from berth up: ${line}`);
  const [, endpoint, port, accountId, region, stateDir] = match as unknown as string[];

  const envRun = runBerth(['env', '--json', '--state', state]);
  if (envRun.code !== 0) throw new Error(`berth env failed (${envRun.code}): ${envRun.stderr}`);
  const printed = JSON.parse(envRun.stdout) as AwsEnv;

  return {
    endpoint: endpoint!,
    port: Number(port),
    stateDir: stateDir!,
    accountId: accountId!,
    region: region!,
    credentials: { accessKeyId: printed.AWS_ACCESS_KEY_ID, secretAccessKey: printed.AWS_SECRET_ACCESS_KEY },
    env: {
      AWS_ENDPOINT_URL: printed.AWS_ENDPOINT_URL,
      AWS_CA_BUNDLE: printed.AWS_CA_BUNDLE,
      NODE_EXTRA_CA_CERTS: printed.NODE_EXTRA_CA_CERTS,
      AWS_ACCESS_KEY_ID: printed.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: printed.AWS_SECRET_ACCESS_KEY,
      AWS_REGION: printed.AWS_REGION,
    },
    child,
    output: () => ({ stdout, stderr }),
    async stop({ signal = 'SIGTERM', removeState = ownState } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const exit = await exited;
      // A state dir made by tempStateDir() sits alone in its temporary parent, which goes with it.
      if (removeState) rmSync(ownState ? join(state, '..') : state, { recursive: true, force: true });
      return exit;
    },
  };
}

/**
 * A /24 for the tasks of this test process's berths: test files run in processes of their own, at once, and two
 * berths' bridges must not claim one range. 10.216.0.0/13 is far from the default 10.213.0.0/16 and from the
 * ranges this machine routes.
 */
export function testTaskCidr(): string {
  const pid = process.pid;
  return `10.${216 + ((pid >> 8) % 8)}.${pid % 256}.0/24`;
}

/** Every file under a state dir, recursively, as latin1 text: for asserting that no secret is stored in clear. */
export function stateFileTexts(dir: string): { readonly path: string; readonly text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, text: readFileSync(path).toString('latin1') };
    });
}

/** The environment the AWS CLI runs with against `berth`: root's keys, its region, no retries, no pager. */
export function awsCliEnv(berth: BerthProcess): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: berth.stateDir,
    AWS_ACCESS_KEY_ID: berth.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: berth.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: berth.region,
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
  };
}
