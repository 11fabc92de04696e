// Starts and stops the Debian `docker-registry` (CNCF Distribution 2.8) on loopback for a test, with htpasswd
// Basic auth, token auth (reference/registry-protocol.md §5.4), or none.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, htpasswdLines, requireTool } from './system-tools.js';

export type RegistryAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'htpasswd'; readonly users: Readonly<Record<string, string>> }
  | {
      readonly kind: 'token';
      readonly realm: string;
      readonly service: string;
      readonly issuer: string;
      /** PEM of the certificate(s) the issuer's x5c chain ends in. */
      readonly rootCertPem: string;
    };

export interface RunningRegistry {
  /** `127.0.0.1:PORT`: the registry API host, as an image reference names it. */
  readonly host: string;
  readonly url: string;
  readonly storage: string;
  /** What the registry wrote to stderr (its log), for diagnosing a failed test. */
  log(): string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** Regular expressions of foreign layer URLs manifests may carry (`validation.manifests.urls.allow`). */
  readonly allowForeignUrls?: readonly string[];
  /** The address to listen on; default 127.0.0.1 (clients speak plain HTTP to loopback unless given a CA). */
  readonly address?: string;
  /** Serve HTTPS with this certificate (PEM, chain first) and key instead of plain HTTP. */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
}

export async function startDistributionRegistry(
  auth: RegistryAuth,
  options: RegistryOptions = {},
): Promise<RunningRegistry> {
  requireTool('docker-registry');
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  const port = await freePort();
  const host = `${options.address ?? '127.0.0.1'}:${port}`;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    '  secret: berth-test-secret',
  ];
  if (options.tls !== undefined) {
    writeFileSync(join(dir, 'tls.crt'), options.tls.certPem);
    writeFileSync(join(dir, 'tls.key'), options.tls.keyPem);
    lines.push('  tls:', `    certificate: ${join(dir, 'tls.crt')}`, `    key: ${join(dir, 'tls.key')}`);
  }
  if (options.allowForeignUrls !== undefined) {
    lines.push('validation:', '  manifests:', '    urls:', '      allow:');
    for (const pattern of options.allowForeignUrls) lines.push(`        - ${JSON.stringify(pattern)}`);
  }
  if (auth.kind === 'htpasswd') {
    writeFileSync(join(dir, 'htpasswd'), await htpasswdLines(auth.users));
    lines.push('auth:', '  htpasswd:', '    realm: berth-test', `    path: ${join(dir, 'htpasswd')}`);
  } else if (auth.kind === 'token') {
    writeFileSync(join(dir, 'root.pem'), auth.rootCertPem);
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${auth.realm}`,
      `    service: ${auth.service}`,
      `    issuer: ${auth.issuer}`,
      `    rootcertbundle: ${join(dir, 'root.pem')}`,
    );
  }
  writeFileSync(join(dir, 'config.yml'), `${lines.join('\n')}\n`);
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-64 * 1024);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, delay(5_000).then(() => child.kill('SIGKILL'))]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(child, host, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host,
    url: `${options.tls ? 'https' : 'http'}://${host}`,
    storage: join(dir, 'data'),
    log: () => log,
    stop,
  };
}

/** Polls `/v2/` until the registry answers at all (any status), for at most 10 s. */
async function waitUntilServing(child: ChildProcess, host: string, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited early:\n${log()}`);
    if (await answers(host)) return;
    await delay(100);
  }
  throw new Error(`docker-registry did not start on ${host}:\n${log()}`);
}

function answers(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`http://${host}/v2/`, { timeout: 1_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
