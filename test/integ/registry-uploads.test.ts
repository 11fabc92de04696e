// Blob uploads on berth's registry over real loopback HTTP (compose in-process, the registry part open to all):
// streamed to the state dir's uploads/ and committed into content/ only verified (spec "Pushing blobs"). A client
// that leaves mid-PATCH resumes from the Range the server reports; an upload survives a restart of berth; crafted
// requests get DIGEST_INVALID and SIZE_INVALID; concurrent pushes of one blob store it once; skopeo pushes and
// pulls a 64 MiB layer byte-identical; and a 256 MiB blob goes up and down without the process holding it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { awsParts, type BerthConfig, compose, type RunningBerth } from '../../src/cli/compose.js';

import { registryPart } from '../../src/cli/control-plane/registry-part.js';
import { computeDigest } from '../../src/engines/oci/index.js';
import { OciLayoutBuilder } from './support/oci-layout-builder.js';
import { pushLayout } from './support/skopeo.js';
import { requireTool, run } from './support/system-tools.js';

let dir: string;
let stateDir: string;
let berth: RunningBerth;

async function startBerth(): Promise<RunningBerth> {
  const config: BerthConfig = {
    stateDir,
    port: 0,
    accountId: '111122223333',
    region: 'us-east-1',
    rootEnv: {},
    logToStderr: false,
  };
  return compose(config, { parts: [...awsParts, registryPart({ access: 'open' })] });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-registry-uploads-'));
  stateDir = join(dir, 'state');
  berth = await startBerth();
});

after(async () => {
  await berth?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const url = (path: string) => `${berth.endpoint}${path}`;
const stagedFiles = () => readdirSync(join(stateDir, 'uploads'));

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { errors: Array<{ code: string }> };
  return body.errors[0]!.code;
}

async function startUpload(repository: string): Promise<string> {
  const response = await fetch(url(`/v2/${repository}/blobs/uploads/`), { method: 'POST' });
  assert.equal(response.status, 202);
  return response.headers.get('location')!;
}

/** The next byte the server wants, from `Range: 0-<last byte held>` (of an upload holding some bytes). */
function nextOffset(range: string | null): number {
  const match = /^0-(\d+)$/.exec(range ?? '');
  assert.ok(match, `Range ${range}`);
  return Number(match[1]) + 1;
}

describe('berth registry: durable, streamed uploads (spec "Pushing blobs")', () => {
  test('a client that leaves mid-PATCH resumes from the Range the server reports', async () => {
    const data = randomBytes(3 * 1024 * 1024);
    const digest = computeDigest(data);
    const location = await startUpload('team/resume');
    const id = location.split('/').at(-1)!;
    const socket = connect(berth.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`PATCH ${location} HTTP/1.1\r\nHost: h\r\nContent-Length: ${data.length}\r\n\r\n`);
    socket.write(data.subarray(0, 2 * 1024 * 1024));
    // Leave only once some of the chunk is on disk, so that there is something to resume from.
    for (let polls = 0; statSync(join(stateDir, 'uploads', id)).size < 1024 * 1024; polls++) {
      assert.ok(polls < 3000, 'the server never wrote the first MiB');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    socket.destroy();
    const status = await fetch(url(location));
    assert.equal(status.status, 204);
    const offset = nextOffset(status.headers.get('range'));
    assert.ok(offset >= 1024 * 1024 && offset <= 2 * 1024 * 1024, `resume at ${offset}`);
    assert.equal((await fetch(url(`/v2/team/resume/blobs/${digest}`), { method: 'HEAD' })).status, 404);
    const rest = await fetch(url(location), {
      method: 'PATCH',
      headers: { 'content-range': `${offset}-${data.length - 1}` },
      body: data.subarray(offset),
    });
    assert.equal(rest.status, 202);
    assert.equal(rest.headers.get('range'), `0-${data.length - 1}`);
    const done = await fetch(url(`${location}?digest=${digest}`), { method: 'PUT' });
    assert.equal(done.status, 201);
    const got = Buffer.from(await (await fetch(url(`/v2/team/resume/blobs/${digest}`))).arrayBuffer());
    assert.ok(got.equals(data));
  });

  test('an upload survives a restart of berth and finishes on the new process', async () => {
    const data = randomBytes(2 * 1024 * 1024 + 123);
    const digest = computeDigest(data);
    const location = await startUpload('team/restart');
    const half = 1024 * 1024;
    const first = await fetch(url(location), {
      method: 'PATCH',
      headers: { 'content-range': `0-${half - 1}` },
      body: data.subarray(0, half),
    });
    assert.equal(first.status, 202);
    await berth.stop();
    berth = await startBerth();
    const status = await fetch(url(location));
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), `0-${half - 1}`);
    const rest = await fetch(url(`${location}?digest=${digest}`), {
      method: 'PUT',
      headers: { 'content-range': `${half}-${data.length - 1}` },
      body: data.subarray(half),
    });
    assert.equal(rest.status, 201);
    const got = Buffer.from(await (await fetch(url(`/v2/team/restart/blobs/${digest}`))).arrayBuffer());
    assert.ok(got.equals(data));
    assert.deepEqual(stagedFiles(), []);
  });

  test('DIGEST_INVALID and SIZE_INVALID from crafted requests; nothing becomes visible', async () => {
    const data = randomBytes(4096);
    const digest = computeDigest(data);
    const wrong = await fetch(url(`/v2/team/bad/blobs/uploads/?digest=${computeDigest(Buffer.from('no'))}`), {
      method: 'POST',
      body: data,
    });
    assert.equal(wrong.status, 400);
    assert.equal(await errorCode(wrong), 'DIGEST_INVALID');

    const location = await startUpload('team/bad');
    const disagree = await fetch(url(location), {
      method: 'PATCH',
      headers: { 'content-range': '0-8191' },
      body: data,
    });
    assert.equal(disagree.status, 400, 'Content-Range says 8192 bytes, Content-Length 4096');
    assert.equal(await errorCode(disagree), 'SIZE_INVALID');
    // A chunked body (no Content-Length) shorter than its Content-Range: dropped whole.
    const chunked = await fetch(url(location), {
      method: 'PATCH',
      headers: { 'content-range': '0-8191' },
      body: new Blob([data]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 400);
    assert.equal(await errorCode(chunked), 'SIZE_INVALID');
    const status = await fetch(url(location));
    assert.equal(status.headers.get('range'), '0-0');
    assert.equal((await fetch(url(location), { method: 'PATCH', body: data })).status, 202);
    const mismatch = await fetch(url(`${location}?digest=${computeDigest(data.subarray(1))}`), {
      method: 'PUT',
    });
    assert.equal(mismatch.status, 400);
    assert.equal(await errorCode(mismatch), 'DIGEST_INVALID');
    assert.equal((await fetch(url(location))).status, 404, 'a mismatching upload is removed');
    assert.equal((await fetch(url(`/v2/team/bad/blobs/${digest}`), { method: 'HEAD' })).status, 404);
    assert.deepEqual(stagedFiles(), []);
  });

  test('other bodies (manifests) are read into memory only up to the 4 MiB manifest limit: 413 past it', async () => {
    const response = await fetch(url('/v2/team/bad/manifests/v1'), {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      body: new Blob([Buffer.alloc(4 * 1024 * 1024 + 1, 0x20)]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
    assert.equal(await errorCode(response), 'MANIFEST_INVALID');
  });

  test('two sessions pushing the same blob at once both succeed, and it is stored once', async () => {
    const data = randomBytes(1024 * 1024);
    const digest = computeDigest(data);
    const push = async (repository: string) => {
      const location = await startUpload(repository);
      const patched = await fetch(url(location), { method: 'PATCH', body: data });
      assert.equal(patched.status, 202);
      return fetch(url(`${location}?digest=${digest}`), { method: 'PUT' });
    };
    const results = await Promise.all([push('team/one'), push('team/two'), push('team/one')]);
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201, 201],
    );
    const hex = digest.slice('sha256:'.length);
    const stored = readdirSync(join(stateDir, 'content', 'blobs', 'sha256')).filter((name) => name === hex);
    assert.deepEqual(stored, [hex]);
    assert.deepEqual(stagedFiles(), []);
    for (const repository of ['team/one', 'team/two']) {
      const got = await fetch(url(`/v2/${repository}/blobs/${digest}`));
      assert.ok(Buffer.from(await got.arrayBuffer()).equals(data));
    }
  });

  test('skopeo pushes a 64 MiB layer and pulls it back digest-identical', async () => {
    requireTool('skopeo');
    const layout = join(dir, 'big-layout');
    const builder = new OciLayoutBuilder(layout);
    const image = await builder.image({
      architecture: 'amd64',
      compression: 'none',
      layers: [[{ path: 'data/big.bin', content: randomBytes(64 * 1024 * 1024) }]],
    });
    builder.tag('big', image);
    builder.finish();
    const host = `127.0.0.1:${berth.port}`;
    await pushLayout(layout, 'big', `${host}/team/big:v1`);
    const out = join(dir, 'big-pulled');
    await run(
      'skopeo',
      [
        '--insecure-policy',
        'copy',
        '--quiet',
        '--preserve-digests', // an OCI layout destination would otherwise gzip the uncompressed layer
        '--src-tls-verify=false',
        `docker://${host}/team/big:v1`,
        `oci:${out}:v1`,
      ],
      { timeoutMs: 120_000 },
    );
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string }>;
    };
    assert.equal(index.manifests[0]!.digest, image.digest);
    const layer = image.layers[0]!;
    const pulled = readFileSync(join(out, 'blobs', 'sha256', layer.digest.slice('sha256:'.length)));
    assert.equal(pulled.length, layer.size);
    assert.equal(computeDigest(pulled), layer.digest);
    assert.ok(layer.size > 64 * 1024 * 1024);
  });

  test('memory: a 256 MiB blob goes up (one streamed PATCH) and down without the server holding it', async () => {
    // The client is another process, so that this process's memory is the server's alone.
    const size = 256 * 1024 * 1024;
    const gc = collector();
    gc();
    const before = process.memoryUsage().rss;
    let peak = before;
    // Collected before each sample: what is measured is memory the server holds, not dead network and disk
    // buffers that V8 lets pile up (up to its external-memory limit, ~64 MiB) before it collects them.
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    try {
      const location = await startUpload('team/huge');
      const pushed = await client('push', url(location), size);
      assert.equal(pushed.status, 202);
      assert.equal(pushed.range, `0-${size - 1}`);
      const done = await fetch(url(`${location}?digest=${pushed.digest}`), { method: 'PUT' });
      assert.equal(done.status, 201);
      const pulled = await client('pull', url(`/v2/team/huge/blobs/${pushed.digest}`), size);
      assert.equal(pulled.status, 200);
      assert.equal(pulled.size, size);
      assert.equal(pulled.digest, pushed.digest);
    } finally {
      clearInterval(sampler);
    }
    const grew = (peak - before) / (1024 * 1024);
    assert.ok(grew < 64, `RSS grew by ${grew.toFixed(1)} MiB moving a 256 MiB blob both ways`);
  });
});

// A blob client in its own process: `push` streams `size` bytes (1 MiB pieces of a random pattern) as one chunked
// PATCH, hashing them on the way; `pull` downloads through sha256. Prints {status, range, size, digest} as JSON.
const clientScript = `
const { createHash, randomBytes } = require('node:crypto');
const { request } = require('node:http');
const [mode, target, total] = process.argv.slice(1);
const size = Number(total);
const hash = createHash('sha256');
const report = (res, got) => console.log(JSON.stringify({
  status: res.statusCode, range: res.headers.range, size: got, digest: 'sha256:' + hash.digest('hex') }));
if (mode === 'push') {
  const base = randomBytes(1 << 20);
  const req = request(target, { method: 'PATCH' }, (res) => { res.resume(); res.on('end', () => report(res, size)); });
  let i = 0;
  const pump = () => {
    while (i * base.length < size) {
      const piece = Buffer.from(base);
      piece.writeUInt32BE(i++, 0);
      hash.update(piece);
      if (!req.write(piece)) return req.once('drain', pump);
    }
    req.end();
  };
  pump();
} else {
  request(target, (res) => {
    let got = 0;
    res.on('data', (piece) => { got += piece.length; hash.update(piece); });
    res.on('end', () => report(res, got));
  }).end();
}
`;

/** V8's full collection, without starting node with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

interface ClientResult {
  readonly status: number;
  readonly range?: string;
  readonly size: number;
  readonly digest: string;
}

async function client(mode: 'push' | 'pull', target: string, size: number): Promise<ClientResult> {
  const { stdout } = await run(process.execPath, ['-e', clientScript, mode, target, String(size)], {
    timeoutMs: 120_000,
  });
  return JSON.parse(stdout) as ClientResult;
}
