// npm run bench -- pull: berth's registry client vs skopeo on a ~1 GiB image of 8 gzip layers in a local Distribution
// registry (download + verify, alternating rounds in one run), berth's unpack vs `umoci unpack`, and the machine's
// limit (gunzip + sha256 of the same bytes, all cores). The image is generated once and cached under
// $BERTH_BENCH_DIR (default bench/results/pull-data). BENCH_PARTS picks sides (pull,limit,unpack; default all).
// Pull lines also give each side's CPU time (berth: this process's, all threads; skopeo: GNU time). See
// docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { FsContentStore } from '../src/adapters/fs-content-store/index.js';
import { unpackImage } from '../src/agent/unpack/index.js';
import { parsePlatform, parseReference } from '../src/engines/oci/index.js';
import { RegistryClient } from '../src/registry/client/index.js';
import { startDistributionRegistry } from '../test/integ/support/distribution-registry.js';
import { envNumber, median, recordResult } from './bench-kit.js';
import { runTimed } from './support/process-cpu.js';

const dir = resolve(process.env.BERTH_BENCH_DIR ?? 'bench/results/pull-data');
const rounds = envNumber('BENCH_ROUNDS', 3);
/** Which sides run: `pull` (disk and tmpfs), `limit`, `unpack` (berth and umoci); default all. */
const parts = new Set((process.env.BENCH_PARTS ?? 'pull,limit,unpack').split(','));
const layerCount = 8;
// Uncompressed per layer: 8 × 352 MiB ≈ 2.75 GiB, ≈ 1 GiB as gzip (what is downloaded).
const layerBytes = envNumber('BENCH_LAYER_MB', 352) * 1024 * 1024;
const layout = join(dir, 'layout');
const work = join(dir, 'work');

interface Layer {
  digest: string;
  diffId: string;
  size: number;
}

/**
 * File content like a layer's (binaries and text; gzip ratio ≈ 2.7, GNU gunzip ≈ 160 MB/s out here): runs of
 * text-like letters mixed with slices of a 24 KiB binary corpus, which gzip finds again inside its 32 KiB window.
 */
function fileContent(length: number, corpus: Buffer): Buffer {
  const letters = Buffer.from('etaoinshrdlucmfwypvbgkjqxz ETAOI');
  const out = Buffer.allocUnsafe(length);
  const noise = randomBytes(length + 3);
  let at = 0;
  while (at < length) {
    if (noise[at]! < 90) {
      const len = Math.min(length - at, 64 + (noise[at + 1]! << 2));
      const from = (noise[at + 2]! << 6) % (corpus.length - len);
      corpus.copy(out, at, from, from + len);
      at += len;
    } else {
      const len = Math.min(length - at, 32 + (noise[at + 1]! >> 1));
      for (let i = 0; i < len; i++) out[at + i] = letters[noise[at + i]! & 31]!;
      at += len;
    }
  }
  return out;
}

/** One layer: a tar of files of 1 KiB–512 KiB, gzip level 6 (Go's default), hashed on the way (digest, diffID). */
async function writeLayer(index: number): Promise<Layer> {
  const corpus = randomBytes(24 * 1024);
  const archive = pack();
  const tarHash = createHash('sha256');
  const gzHash = createHash('sha256');
  const tmp = join(layout, `layer-${index}.tmp`);
  let size = 0;
  const gzip = createGzip({ level: 6, chunkSize: 1024 * 1024 });
  // Extra 'data' listeners see every chunk the pipe passes on.
  archive.on('data', (chunk: unknown) => {
    tarHash.update(chunk as Buffer);
  });
  gzip.on('data', (chunk: Buffer) => {
    gzHash.update(chunk);
    size += chunk.length;
  });
  const writing = pipeline(archive, gzip, createWriteStream(tmp));
  let written = 0;
  for (let file = 0; written < layerBytes; file++) {
    const length = Math.min(layerBytes - written, 1024 + Math.floor(Math.random() * 512 * 1024));
    const content = fileContent(length, corpus);
    await new Promise<void>((done, fail) =>
      archive.entry(
        { name: `layer${index}/d${file % 64}/f${file}`, size: length, mode: 0o644 },
        content,
        (e) => (e ? fail(e) : done()),
      ),
    );
    written += length;
  }
  archive.finalize();
  await writing;
  const digest = `sha256:${gzHash.digest('hex')}`;
  spawnSync('mv', [tmp, join(layout, 'blobs', 'sha256', digest.slice(7))]);
  return { digest, diffId: `sha256:${tarHash.digest('hex')}`, size };
}

function blob(bytes: Buffer): { digest: string; size: number } {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  writeFileSync(join(layout, 'blobs', 'sha256', digest.slice(7)), bytes);
  return { digest, size: bytes.length };
}

/** The OCI layout of the bench image, generated once (two layers at a time, on the zlib threadpool). */
async function ensureImage(): Promise<Layer[]> {
  const done = join(layout, `layers-v2-${layerBytes}.json`);
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as Layer[];
  rmSync(layout, { recursive: true, force: true });
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  console.log(`generating ${layerCount} layers of ${layerBytes / 2 ** 20} MiB (once; cached in ${layout})`);
  const layers: Layer[] = [];
  for (let i = 0; i < layerCount; i += 2)
    layers.push(...(await Promise.all([writeLayer(i), writeLayer(i + 1)])));
  const config = blob(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      }),
    ),
  );
  const layerType = 'application/vnd.oci.image.layer.v1.tar+gzip';
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: layers.map((l) => ({ mediaType: layerType, digest: l.digest, size: l.size })),
      }),
    ),
  );
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'v1' },
        },
      ],
    }),
  );
  writeFileSync(done, JSON.stringify(layers));
  return layers;
}

function sh(command: string, args: string[]): void {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${run.stderr || run.error}`);
}

function version(command: string, args: string[]): string {
  return spawnSync(command, args, { encoding: 'utf8' }).stdout.trim().split('\n')[0] ?? '?';
}

async function timed(run: () => Promise<void> | void): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** gunzip + sha256(compressed) + sha256(uncompressed) of every layer file, from page cache, on all cores. */
async function machineLimit(layers: Layer[]): Promise<number> {
  const one = async (layer: Layer) => {
    const inner = createHash('sha256');
    const outer = createHash('sha256');
    await pipeline(
      createReadStream(join(layout, 'blobs', 'sha256', layer.digest.slice(7)), { highWaterMark: 1 << 20 }),
      async function* (source) {
        for await (const chunk of source) {
          outer.update(chunk);
          yield chunk;
        }
      },
      createGunzip({ chunkSize: 1 << 20 }),
      async (source) => {
        for await (const chunk of source) inner.update(chunk);
      },
    );
    if (`sha256:${inner.digest('hex')}` !== layer.diffId) throw new Error('diffID mismatch in the limit run');
  };
  const queue = [...layers];
  const workers = Array.from({ length: availableParallelism() }, async () => {
    for (let layer = queue.shift(); layer; layer = queue.shift()) await one(layer);
  });
  return timed(() => Promise.all(workers).then(() => undefined));
}

const platform = parsePlatform('linux/amd64');

/** berth pull, download + verify only: resolve, then every blob through an FsContentStore under `dir`. */
async function berthPull(ref: string, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const client = new RegistryClient();
  const image = await client.resolve(parseReference(ref), { platform });
  await client.fetch(image, await FsContentStore.open(dir));
  await client.close();
}

/** CPU seconds (user + system) of each side's runs, the figure a loaded machine distorts least. */
const cpu = new Map<string, number[]>();

function recordCpu(name: string, seconds: number): void {
  cpu.set(name, [...(cpu.get(name) ?? []), seconds]);
}

async function skopeoPull(name: string, ref: string, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const exit = await runTimed('skopeo', skopeoArgs(`docker://${ref}`, `dir:${dir}`));
  if (exit.code !== 0) throw new Error(`skopeo exited ${exit.code}: ${exit.stderr}`);
  recordCpu(name, exit.userSeconds + exit.systemSeconds);
}

/** berth pull in this process: its CPU is this process's over the pull (all threads: GC, libuv's writes). */
async function berthPullTimed(name: string, ref: string, dir: string): Promise<void> {
  const before = process.cpuUsage();
  await berthPull(ref, dir);
  const used = process.cpuUsage(before);
  recordCpu(name, (used.user + used.system) / 1e6);
}

function skopeoArgs(from: string, to: string): string[] {
  return [
    '--insecure-policy',
    'copy',
    '--quiet',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    from,
    to,
  ];
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const layers = await ensureImage();
  const compressed = layers.reduce((n, l) => n + l.size, 0);
  const uncompressed = layers.length * layerBytes;
  const registry = await startDistributionRegistry({ kind: 'none' });
  const ref = `${registry.host}/bench/image:v1`;
  // Pulls land on disk (the state dir's file system; berth's store fsyncs each blob, skopeo's dir: does not) and
  // on tmpfs, where the disk is out of the picture and the client itself is compared.
  const tmpfs = existsSync('/dev/shm') ? '/dev/shm/berth-bench-pull' : undefined;
  for (const path of [work, tmpfs]) if (path) rmSync(path, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    sh('skopeo', skopeoArgs(`oci:${layout}:v1`, `docker://${ref}`));
    sh('skopeo', skopeoArgs(`docker://${ref}`, `oci:${join(work, 'oci')}:v1`));
    const store = join(work, 'berth-content');
    const pulls: [string, () => Promise<void>][] = [
      ['berth pull (disk)', () => berthPullTimed('berth pull (disk)', ref, store)],
      ['skopeo copy (disk)', () => skopeoPull('skopeo copy (disk)', ref, join(work, 'skopeo-dir'))],
      ...(tmpfs === undefined
        ? []
        : ([
            [
              'berth pull (tmpfs)',
              () => berthPullTimed('berth pull (tmpfs)', ref, join(tmpfs, 'berth-content')),
            ],
            ['skopeo copy (tmpfs)', () => skopeoPull('skopeo copy (tmpfs)', ref, join(tmpfs, 'skopeo-dir'))],
          ] as [string, () => Promise<void>][])),
    ];
    const unpacks: [string, () => Promise<void> | void][] = [
      [
        'berth unpack',
        async () => {
          const client = new RegistryClient();
          const image = await client.resolve(parseReference(ref), { platform });
          await client.close();
          rmSync(join(work, 'berth-rootfs'), { recursive: true, force: true });
          const content = await FsContentStore.open(store);
          await unpackImage({
            store: content,
            manifest: image.manifest,
            config: image.config,
            rootDir: join(work, 'berth-rootfs'),
          });
        },
      ],
      [
        'umoci unpack',
        () => {
          rmSync(join(work, 'umoci-bundle'), { recursive: true, force: true });
          sh('umoci', ['unpack', '--image', `${join(work, 'oci')}:v1`, join(work, 'umoci-bundle')]);
        },
      ],
    ];
    const sides: [string, () => Promise<void> | void][] = [
      ...(parts.has('pull') ? pulls : []),
      ...(parts.has('limit')
        ? [['limit', () => machineLimit(layers).then(() => undefined)] as [string, () => Promise<void>]]
        : []),
      ...(parts.has('unpack') ? unpacks : []),
    ];
    const times = new Map<string, number[]>(sides.map(([name]) => [name, []]));
    await berthPull(ref, store); // warm-up: page cache, JIT; also fills the store berth unpack reads
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of sides) times.get(name)!.push(await timed(run));
      console.log(
        `round ${round + 1}/${rounds}: ${[...times].map(([k, v]) => `${k} ${v.at(-1)!.toFixed(2)}s`).join(', ')}`,
      );
    }
    const m = (name: string) => median(times.get(name) ?? [Number.NaN]);
    const mb = (bytes: number, s: number) => `${(bytes / s / 1e6).toFixed(0)} MB/s`;
    const cpuOf = (name: string) => {
      const all = cpu.get(name);
      return all === undefined ? '' : `, CPU ${median(all).toFixed(2)}s`;
    };
    const line = (label: string, a: string, b: string, target: number, bytes = compressed) => {
      console.log(
        `${label.padEnd(14)} berth ${m(a).toFixed(2)}s (${mb(bytes, m(a))}${cpuOf(a)})  ${b.split(' ')[0]} ${m(b).toFixed(2)}s (${mb(bytes, m(b))}${cpuOf(b)})  ratio ${(m(b) / m(a)).toFixed(2)}× (target ≥ ${target}×)`,
      );
      recordResult({
        measure: label,
        berth: `${m(a).toFixed(2)} s`,
        peer: `${m(b).toFixed(2)} s ${b.split(' ')[0]}`,
        ratio: `${(m(b) / m(a)).toFixed(2)}× faster`,
        target: `≥ ${target}×`,
        met: m(b) / m(a) >= target,
      });
    };
    console.log(
      `\nimage: ${layers.length} gzip layers, ${(compressed / 2 ** 30).toFixed(2)} GiB compressed, ${(uncompressed / 2 ** 30).toFixed(2)} GiB uncompressed; median of ${rounds} rounds`,
    );
    console.log(
      `versions: node ${process.version}, ${version('skopeo', ['--version'])}, ${version('umoci', ['--version'])}, ${version('docker-registry', ['--version'])}`,
    );
    if (parts.has('pull')) {
      line('pull (disk)', 'berth pull (disk)', 'skopeo copy (disk)', 2.0); // issue 19
      if (tmpfs) line('pull (tmpfs)', 'berth pull (tmpfs)', 'skopeo copy (tmpfs)', 2.0);
    }
    if (parts.has('unpack')) line('unpack (disk)', 'berth unpack', 'umoci unpack', 1.2, uncompressed); // MB/s of tar
    if (parts.has('limit')) {
      console.log(
        `limit          gunzip + sha256 ×2 on ${availableParallelism()} cores, from page cache: ${m('limit').toFixed(2)}s (${mb(compressed, m('limit'))} in, ${mb(uncompressed, m('limit'))} out)`,
      );
      const share = (name: string) => `${((m('limit') / m(name)) * 100).toFixed(0)}%`;
      console.log(
        `berth as a fraction of the limit's throughput: pull ${share('berth pull (disk)')} (disk), ${tmpfs ? share('berth pull (tmpfs)') : '-'} (tmpfs); unpack ${share('berth unpack')}`,
      );
    }
    console.log(`load average: ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at the end`);
  } finally {
    await registry.stop();
    for (const path of [work, tmpfs]) if (path) rmSync(path, { recursive: true, force: true });
  }
}

await main();
