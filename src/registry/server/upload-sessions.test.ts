// Blob uploads through the registry handler itself (no HTTP), on the real filesystem staging and content store:
// resume after a restart, expiry with an injected clock, the sweep at start, digest and size checks, and the
// order of concurrent requests on one upload.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FsContentStore } from '../../adapters/fs-content-store/index.js';
import { FsUploadStaging } from '../../adapters/fs-upload-staging/index.js';
import { computeDigest } from '../../engines/oci/index.js';
import { MemoryPersistence } from '../../ports/index.js';
import { createRegistryServer, type StreamingRegistryHandler } from './registry-server.js';
import type { ResponseBody, ServerResponse } from './server-http.js';

const hour = 3_600_000;
let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'berth-uploads-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** One registry "process": its own handler over state that outlives it (persistence, staging dir, content). */
async function registryOn(
  dir: string,
  persistence: MemoryPersistence,
  clock: { now: number },
  limits: { maxBlobBytes?: number; maxOpenUploads?: number } = {},
) {
  const content = await FsContentStore.open(join(dir, 'content'));
  const handler = createRegistryServer({
    content,
    persistence,
    staging: new FsUploadStaging(join(dir, 'uploads')),
    uploads: { ttlMs: hour, now: () => clock.now, ...limits },
  });
  return { handler, content, uploads: join(dir, 'uploads') };
}

async function fresh(limits: { maxBlobBytes?: number; maxOpenUploads?: number } = {}) {
  const dir = await mkdtemp(join(root, 'r-'));
  const persistence = new MemoryPersistence();
  const clock = { now: Date.UTC(2026, 0, 1) };
  return { dir, persistence, clock, ...(await registryOn(dir, persistence, clock, limits)) };
}

interface Call {
  readonly query?: string;
  readonly headers?: Array<[string, string]>;
  readonly body?: Buffer | AsyncIterable<Uint8Array>;
}

function call(handler: StreamingRegistryHandler, method: string, path: string, c: Call = {}) {
  return handler({
    method,
    path,
    query: c.query ?? '',
    headers: c.headers ?? [],
    body: c.body ?? Buffer.alloc(0),
    remoteAddress: '127.0.0.1',
  });
}

const headerOf = (response: ServerResponse, name: string) =>
  response.headers.find(([key]) => key.toLowerCase() === name)?.[1];

async function bytesOf(body: ResponseBody): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function codeOf(response: ServerResponse): Promise<string> {
  return (JSON.parse((await bytesOf(response.body)).toString()) as { errors: Array<{ code: string }> })
    .errors[0]!.code;
}

async function startUpload(handler: StreamingRegistryHandler, repository = 'team/app'): Promise<string> {
  const response = await call(handler, 'POST', `/v2/${repository}/blobs/uploads/`);
  assert.equal(response.status, 202);
  return headerOf(response, 'location')!;
}

const data = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(1000));
const digest = computeDigest(data);

describe('upload sessions', () => {
  test('an upload survives a restart: the new process answers its Range, takes the rest, rehashes once', async () => {
    const first = await fresh();
    const location = await startUpload(first.handler);
    const patched = await call(first.handler, 'PATCH', location, { body: data.subarray(0, 10_000) });
    assert.equal(headerOf(patched, 'range'), '0-9999');
    // The process is gone (its running hash with it); a new one opens the same state.
    const second = await registryOn(first.dir, first.persistence, first.clock);
    const status = await call(second.handler, 'GET', location);
    assert.equal(status.status, 204);
    assert.equal(headerOf(status, 'range'), '0-9999');
    const rest = await call(second.handler, 'PATCH', location, {
      headers: [['Content-Range', `10000-${data.length - 1}`]],
      body: data.subarray(10_000),
    });
    assert.equal(rest.status, 202);
    const done = await call(second.handler, 'PUT', location, { query: `digest=${digest}` });
    assert.equal(done.status, 201);
    const got = await call(second.handler, 'GET', `/v2/team/app/blobs/${digest}`);
    assert.deepEqual(await bytesOf(got.body), data);
    assert.deepEqual(await readdir(second.uploads), [], 'the staged file became the blob');
  });

  test('an upload idle past the TTL is gone with its bytes; others are swept when any upload is touched', async () => {
    const r = await fresh();
    const idle = await startUpload(r.handler);
    const other = await startUpload(r.handler);
    await call(r.handler, 'PATCH', idle, { body: data.subarray(0, 100) });
    r.clock.now += hour - 1;
    assert.equal((await call(r.handler, 'GET', idle)).status, 204, 'not yet expired');
    r.clock.now += hour + 1;
    const expired = await call(r.handler, 'GET', idle);
    assert.equal(expired.status, 404);
    assert.equal(await codeOf(expired), 'BLOB_UPLOAD_UNKNOWN');
    // Starting a new upload sweeps the other idle one too.
    const fresh3 = await startUpload(r.handler);
    assert.equal((await call(r.handler, 'GET', other)).status, 404);
    assert.deepEqual(await readdir(r.uploads), [fresh3.split('/').at(-1)]);
  });

  test('at start: expired uploads, staged files no upload owns, and uploads whose bytes are gone are removed', async () => {
    const r = await fresh();
    const kept = await startUpload(r.handler);
    const lost = await startUpload(r.handler);
    const stale = await startUpload(r.handler);
    const orphan = '0b0e64b0-8f9e-4a43-9a0a-4a8f0f0b7b1c';
    await writeFile(join(r.uploads, orphan), 'left by a crash');
    await rm(join(r.uploads, lost.split('/').at(-1)!));
    r.clock.now += 30 * 60_000;
    await call(r.handler, 'PATCH', kept, { body: Buffer.from('x') });
    r.clock.now += 40 * 60_000; // `stale` is now 70 minutes idle, `kept` 40
    const next = await registryOn(r.dir, r.persistence, r.clock);
    assert.equal((await call(next.handler, 'GET', kept)).status, 204);
    assert.equal((await call(next.handler, 'GET', lost)).status, 404);
    assert.equal((await call(next.handler, 'GET', stale)).status, 404);
    assert.deepEqual(await readdir(next.uploads), [kept.split('/').at(-1)]);
  });

  test('a wrong digest is DIGEST_INVALID: nothing becomes visible, the upload and its bytes are gone', async () => {
    const r = await fresh();
    const location = await startUpload(r.handler);
    await call(r.handler, 'PATCH', location, { body: data });
    const wrong = computeDigest(Buffer.from('something else'));
    const refused = await call(r.handler, 'PUT', location, { query: `digest=${wrong}` });
    assert.equal(refused.status, 400);
    assert.equal(await codeOf(refused), 'DIGEST_INVALID');
    assert.equal(await r.content.info(wrong), undefined);
    assert.equal(await r.content.info(digest), undefined);
    assert.equal((await call(r.handler, 'GET', location)).status, 404);
    assert.deepEqual(await readdir(r.uploads), []);
  });

  test('SIZE_INVALID: Content-Range against Content-Length, a chunk shorter than its range (dropped whole), a wrong total', async () => {
    const r = await fresh();
    const location = await startUpload(r.handler);
    const disagree = await call(r.handler, 'PATCH', location, {
      headers: [
        ['Content-Range', '0-99'],
        ['Content-Length', '50'],
      ],
      body: data.subarray(0, 50),
    });
    assert.equal(disagree.status, 400);
    assert.equal(await codeOf(disagree), 'SIZE_INVALID');
    await call(r.handler, 'PATCH', location, {
      headers: [['Content-Range', '0-9']],
      body: data.subarray(0, 10),
    });
    const short = await call(r.handler, 'PATCH', location, {
      headers: [['Content-Range', '10-109']],
      body: data.subarray(10, 60),
    });
    assert.equal(short.status, 400);
    assert.equal(await codeOf(short), 'SIZE_INVALID');
    assert.equal(
      headerOf(await call(r.handler, 'GET', location), 'range'),
      '0-9',
      'the short chunk was dropped',
    );
    const total = await call(r.handler, 'PUT', location, {
      query: `digest=${computeDigest(data.subarray(0, 20))}`,
      headers: [['Content-Range', '10-19/30']],
      body: data.subarray(10, 20),
    });
    assert.equal(total.status, 400);
    assert.equal(await codeOf(total), 'SIZE_INVALID');
    assert.deepEqual(await readdir(r.uploads), []);
  });

  test('the blob size limit: chunks together may not pass it (413 SIZE_INVALID, the chunk dropped whole)', async () => {
    const r = await fresh({ maxBlobBytes: 1000 });
    const blob = data.subarray(0, 1000);
    const location = await startUpload(r.handler);
    assert.equal((await call(r.handler, 'PATCH', location, { body: blob.subarray(0, 600) })).status, 202);
    // No Content-Range: refused as the bytes pass the limit.
    const over = await call(r.handler, 'PATCH', location, { body: data.subarray(600, 1200) });
    assert.equal(over.status, 413);
    assert.equal(await codeOf(over), 'SIZE_INVALID');
    assert.match(
      (await bytesOf(over.body)).toString(),
      /larger than this registry's limit of 1000 bytes \(berth up --registry-max-blob-size\)/,
    );
    assert.equal(headerOf(await call(r.handler, 'GET', location), 'range'), '0-599', 'the chunk was dropped');
    // A client that leaves after passing the limit: the refused chunk is still dropped whole, not kept in part.
    async function* leaving() {
      yield data.subarray(600, 800); // within the limit: written
      yield data.subarray(800, 1200); // past it: refused from here
      throw new Error('the client went away');
    }
    const left = await call(r.handler, 'PATCH', location, { body: leaving() });
    assert.equal(left.status, 400);
    assert.equal(await codeOf(left), 'BLOB_UPLOAD_INVALID');
    assert.equal(
      headerOf(await call(r.handler, 'GET', location), 'range'),
      '0-599',
      'the refused chunk was dropped',
    );
    // Promised past the limit by Content-Range or by the closing total: refused before a byte is read.
    const promised = await call(r.handler, 'PATCH', location, {
      headers: [['Content-Range', '600-1099']],
      body: data.subarray(600, 1100),
    });
    assert.equal(promised.status, 413);
    const total = await call(r.handler, 'PUT', location, {
      query: `digest=${digest}`,
      headers: [['Content-Range', '600-1099/1100']],
      body: data.subarray(600, 1100),
    });
    assert.equal(total.status, 413);
    // Up to the limit exactly is fine.
    const done = await call(r.handler, 'PUT', location, {
      query: `digest=${computeDigest(blob)}`,
      body: blob.subarray(600),
    });
    assert.equal(done.status, 201);
    const whole = await call(r.handler, 'POST', '/v2/team/app/blobs/uploads/', {
      query: `digest=${digest}`,
      body: data,
    });
    assert.equal(whole.status, 413, 'a monolithic upload over the limit');
    assert.equal((await call(r.handler, 'HEAD', `/v2/team/app/blobs/${digest}`)).status, 404);
    assert.deepEqual(await readdir(r.uploads), []);
  });

  test('the cap on unfinished uploads: past it a new one is 429 TOOMANYREQUESTS, monolithic too, until one ends', async () => {
    const { handler } = await fresh({ maxOpenUploads: 2 });
    const first = await startUpload(handler);
    await startUpload(handler, 'team/other');
    const refused = await call(handler, 'POST', '/v2/team/app/blobs/uploads/');
    assert.equal(refused.status, 429);
    assert.equal(await codeOf(refused), 'TOOMANYREQUESTS');
    const whole = await call(handler, 'POST', '/v2/team/app/blobs/uploads/', {
      query: `digest=${digest}`,
      body: data,
    });
    assert.equal(whole.status, 429);
    assert.equal((await call(handler, 'DELETE', first)).status, 204);
    const again = await call(handler, 'POST', '/v2/team/app/blobs/uploads/', {
      query: `digest=${digest}`,
      body: data,
    });
    assert.equal(again.status, 201);
    await startUpload(handler);
  });

  test('a sha512 digest is verified by hashing the staged bytes once', async () => {
    const r = await fresh();
    const sha512 = computeDigest(data, 'sha512');
    const response = await call(r.handler, 'POST', '/v2/team/app/blobs/uploads/', {
      query: `digest=${sha512}`,
      body: data,
    });
    assert.equal(response.status, 201);
    assert.deepEqual(
      await bytesOf((await call(r.handler, 'GET', `/v2/team/app/blobs/${sha512}`)).body),
      data,
    );
  });

  test('requests on one upload take turns: two chunks sent at once both land, one after the other', async () => {
    const r = await fresh();
    const location = await startUpload(r.handler);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = (async function* () {
      yield data.subarray(0, 1000);
      await gate;
      yield data.subarray(1000, 2000);
    })();
    const first = call(r.handler, 'PATCH', location, { body: slow });
    const second = call(r.handler, 'PATCH', location, { body: data.subarray(2000, 3000) });
    const status = call(r.handler, 'GET', location);
    release();
    assert.equal(headerOf(await first, 'range'), '0-1999');
    assert.equal(headerOf(await second, 'range'), '0-2999');
    assert.equal(headerOf(await status, 'range'), '0-2999');
    const done = await call(r.handler, 'PUT', location, {
      query: `digest=${computeDigest(data.subarray(0, 3000))}`,
    });
    assert.equal(done.status, 201);
  });
});
