// The floor under RunTask → RUNNING: plain `runc run` of a bundle prepared beforehand (the same image unpacked by tar,
// config.json from `runc spec`), timed from the spawn of runc to the container's httpd answering on its port. What
// berth adds on top — the API call, secrets, the manifest check, a network namespace and veth, the overlay rootfs and
// the generated bundle, the state reports — is the difference. The floor runs in the host's network namespace (a
// namespace would need a veth to be reachable, which is part of what berth adds), on a read-only rootfs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltImage } from '../../test/integ/support/oci-layout-builder.js';
import { waitForAnswer } from './http-probe.js';

export interface RuncFloor {
  readonly bundle: string;
  /** One run: ms from spawning `runc run` to the first 200; the container is removed before it resolves. */
  run(id: string): Promise<number>;
}

interface RuncSpec {
  process: { terminal: boolean; args: string[]; env: string[] };
  root: { path: string; readonly: boolean };
  linux: { namespaces: { type: string }[] };
}

/** Unpacks `image` (from the OCI layout `layoutDir`) into `dir`/rootfs and writes a config that serves `port`. */
export function prepareRuncFloor(options: {
  readonly layoutDir: string;
  readonly image: BuiltImage;
  readonly dir: string;
  readonly port: number;
  readonly probeIntervalMs: number;
}): RuncFloor {
  const rootfs = join(options.dir, 'rootfs');
  mkdirSync(rootfs, { recursive: true });
  for (const layer of options.image.layers) {
    const blob = join(options.layoutDir, 'blobs', 'sha256', layer.digest.slice('sha256:'.length));
    check(spawnSync('tar', ['-xzf', blob, '-C', rootfs], { encoding: 'utf8' }), 'tar');
  }
  check(spawnSync('runc', ['spec', '--bundle', options.dir], { encoding: 'utf8' }), 'runc spec');
  const specPath = join(options.dir, 'config.json');
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as RuncSpec;
  // The web image's own command (a shell that forwards TERM to httpd), on the floor's port on 127.0.0.1.
  spec.process.args = [
    'sh',
    '-c',
    `httpd -f -p 127.0.0.1:${options.port} -h /www & pid=$!; trap 'kill $pid; wait $pid; exit 143' TERM; wait $pid`,
  ];
  spec.process.env = ['PATH=/bin'];
  spec.process.terminal = false;
  spec.root = { path: 'rootfs', readonly: true };
  spec.linux.namespaces = spec.linux.namespaces.filter((namespace) => namespace.type !== 'network');
  writeFileSync(specPath, JSON.stringify(spec, null, 2));
  const url = `http://127.0.0.1:${options.port}/`;
  return {
    bundle: options.dir,
    async run(id) {
      const started = performance.now();
      const child = spawn('runc', ['run', '--bundle', options.dir, id], {
        stdio: 'ignore',
        detached: true,
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        const answered = await waitForAnswer(url, { intervalMs: options.probeIntervalMs, giveUpMs: 30_000 });
        return answered - started;
      } finally {
        spawnSync('runc', ['kill', id, 'KILL']);
        await exited;
        spawnSync('runc', ['delete', '--force', id]);
      }
    },
  };
}

function check(result: ReturnType<typeof spawnSync>, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${String(result.stderr)}`);
}
