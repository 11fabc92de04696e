// berth's own registry (/v2/ on berth's port, compose in-process with the registry part): skopeo pushes the test
// images and pulls them back byte-identical, berth's RegistryClient pulls them, and crafted requests get the
// distribution error codes. No auth in this file (the part's default authorizer lets everyone in).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pullImage } from '../../src/agent/pull/index.js';
import { awsParts, type BerthConfig, compose, type RunningBerth } from '../../src/cli/compose.js';

import { registryPart } from '../../src/cli/control-plane/registry-part.js';
import { MemoryContentStore } from '../../src/content/index.js';
import { computeDigest, parsePlatform, parseReference } from '../../src/engines/oci/index.js';
import { RegistryClient } from '../../src/registry/client/index.js';
import { requireTool, run } from './support/system-tools.js';
import { buildTestImages, pushTestImages, type TestImages } from './support/test-images.js';

let dir: string;
let berth: RunningBerth;
let images: TestImages;
let host: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-registry-server-'));
  const stateDir = join(dir, 'state');
  const config: BerthConfig = {
    stateDir,
    port: 0,
    accountId: '111122223333',
    region: 'us-east-1',
    rootEnv: {},
    logToStderr: false,
  };
  berth = await compose(config, {
    parts: [...awsParts, registryPart({ access: 'open' })],
  });
  host = `127.0.0.1:${berth.port}`;
  images = await buildTestImages();
  await pushTestImages(images, host, 'team/app');
});

after(async () => {
  await berth?.stop();
  if (images) rmSync(images.layoutDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const url = (path: string) => `http://${host}${path}`;

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { errors: Array<{ code: string }> };
  return body.errors[0]!.code;
}

describe('berth registry: pull and push without auth', () => {
  test('skopeo pulls back what it pushed, digests identical; skopeo inspect works', async () => {
    requireTool('skopeo');
    const out = join(dir, 'pulled');
    await run(
      'skopeo',
      [
        '--insecure-policy',
        'copy',
        '--quiet',
        '--src-tls-verify=false',
        `docker://${host}/team/app:v1`,
        `oci:${out}:v1`,
      ],
      {
        timeoutMs: 60_000,
      },
    );
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string }>;
    };
    assert.equal(index.manifests[0]!.digest, images.app.digest);
    const { stdout } = await run('skopeo', [
      'inspect',
      '--tls-verify=false',
      `docker://${host}/team/app:multi`,
    ]);
    const inspected = JSON.parse(stdout) as { Digest: string; RepoTags: string[] };
    assert.equal(inspected.Digest, images.multi.digest);
    assert.deepEqual(inspected.RepoTags.sort(), ['arm-only', 'multi', 'v1']);
  });

  test("berth's RegistryClient pulls the image, every blob verified", async () => {
    const client = new RegistryClient({});
    const store = new MemoryContentStore();
    try {
      const result = await pullImage({
        client,
        store,
        reference: parseReference(`${host}/team/app:multi`),
        platform: parsePlatform('linux/arm64'),
      });
      assert.equal(result.image.digest, images.multi.digest);
      assert.equal(result.image.manifestDigest, images.multi.images[1]!.digest);
    } finally {
      await client.close();
    }
  });

  test('ping, HEAD manifest, tags pagination with Link, catalog, blob Range', async () => {
    const ping = await fetch(url('/v2/'));
    assert.equal(ping.status, 200);
    assert.equal(ping.headers.get('docker-distribution-api-version'), 'registry/2.0');
    assert.deepEqual(await ping.json(), {});
    const head = await fetch(url('/v2/team/app/manifests/v1'), {
      method: 'HEAD',
      headers: { accept: images.app.mediaType },
    });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('docker-content-digest'), images.app.digest);
    assert.equal(head.headers.get('content-length'), String(images.app.size));
    const page = await fetch(url('/v2/team/app/tags/list?n=2'));
    assert.deepEqual(await page.json(), { name: 'team/app', tags: ['arm-only', 'multi'] });
    assert.equal(page.headers.get('link'), '</v2/team/app/tags/list?n=2&last=multi>; rel="next"');
    const rest = await fetch(url('/v2/team/app/tags/list?n=2&last=multi'));
    assert.deepEqual(await rest.json(), { name: 'team/app', tags: ['v1'] });
    const catalog = await fetch(url('/v2/_catalog'));
    assert.deepEqual(await catalog.json(), { repositories: ['team/app'] });
    const layer = images.app.layers[0]!;
    const ranged = await fetch(url(`/v2/team/app/blobs/${layer.digest}`), {
      headers: { range: 'bytes=2-9' },
    });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get('content-range'), `bytes 2-9/${layer.size}`);
    assert.equal(Buffer.from(await ranged.arrayBuffer()).length, 8);
  });
});

describe('berth registry: uploads and errors', () => {
  const blob = Buffer.from('hello, chunked world: 0123456789abcdef');
  const digest = computeDigest(blob);

  test('a chunked upload interrupted (wrong offset) and resumed from the status Range', async () => {
    const start = await fetch(url('/v2/team/up/blobs/uploads/'), { method: 'POST' });
    assert.equal(start.status, 202);
    const location = start.headers.get('location')!;
    const first = await fetch(url(location), {
      method: 'PATCH',
      headers: { 'content-range': '0-9', 'content-type': 'application/octet-stream' },
      body: blob.subarray(0, 10),
    });
    assert.equal(first.status, 202);
    assert.equal(first.headers.get('range'), '0-9');
    const skipped = await fetch(url(location), {
      method: 'PATCH',
      headers: { 'content-range': '20-29' },
      body: blob.subarray(20, 30),
    });
    assert.equal(skipped.status, 416);
    assert.equal(await errorCode(skipped), 'RANGE_INVALID');
    const status = await fetch(url(location));
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), '0-9');
    const notYet = await fetch(url(`/v2/team/up/blobs/${digest}`), { method: 'HEAD' });
    assert.equal(notYet.status, 404, 'partial data is never visible');
    const second = await fetch(url(location), {
      method: 'PATCH',
      headers: { 'content-range': `10-${blob.length - 1}` },
      body: blob.subarray(10),
    });
    assert.equal(second.status, 202);
    const done = await fetch(url(`${location}?digest=${digest}`), { method: 'PUT' });
    assert.equal(done.status, 201);
    assert.equal(done.headers.get('docker-content-digest'), digest);
    const got = await fetch(url(`/v2/team/up/blobs/${digest}`));
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), blob);
  });

  test('concurrent monolithic pushes of the same blob all succeed, and a cross-repo mount links it', async () => {
    const data = Buffer.alloc(256 * 1024, 7);
    const d = computeDigest(data);
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        fetch(url(`/v2/team/conc/blobs/uploads/?digest=${d}`), { method: 'POST', body: data }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201, 201, 201],
    );
    const mounted = await fetch(url(`/v2/other/repo/blobs/uploads/?mount=${d}&from=team/conc`), {
      method: 'POST',
    });
    assert.equal(mounted.status, 201);
    assert.equal((await fetch(url(`/v2/other/repo/blobs/${d}`), { method: 'HEAD' })).status, 200);
    const notThere = await fetch(url(`/v2/other/repo/blobs/uploads/?mount=${d}&from=nowhere/x`), {
      method: 'POST',
    });
    assert.equal(notThere.status, 202, 'a mount from a repository without the blob starts an upload instead');
  });

  test('every error code from a crafted request', async () => {
    const missing = `sha256:${'0'.repeat(64)}`;
    const cases: Array<[string, RequestInit, number, string]> = [
      ['/v2/team/app/blobs/' + missing, {}, 404, 'BLOB_UNKNOWN'],
      ['/v2/team/app/blobs/uploads/nope', {}, 404, 'BLOB_UPLOAD_UNKNOWN'],
      ['/v2/team/app/blobs/sha256:xyz', {}, 400, 'DIGEST_INVALID'],
      [
        `/v2/team/app/blobs/uploads/?digest=${missing}`,
        { method: 'POST', body: 'not that' },
        400,
        'DIGEST_INVALID',
      ],
      ['/v2/team/app/manifests/nope', {}, 404, 'MANIFEST_UNKNOWN'],
      [
        '/v2/team/app/manifests/v2',
        {
          method: 'PUT',
          body: '{not json',
          headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
        },
        400,
        'MANIFEST_INVALID',
      ],
      ['/v2/Team/App/manifests/v1', {}, 400, 'NAME_INVALID'],
      ['/v2/nobody/here/tags/list', {}, 404, 'NAME_UNKNOWN'],
      ['/v2/team/app/tags/list', { method: 'POST' }, 405, 'UNSUPPORTED'],
      [
        `/v2/team/app/blobs/${images.app.config.digest}`,
        { headers: { range: 'bytes=99999999-' } },
        416,
        'RANGE_INVALID',
      ],
    ];
    for (const [path, init, status, code] of cases) {
      const response = await fetch(url(path), init);
      assert.equal(response.status, status, `${path}`);
      assert.equal(await errorCode(response), code, `${path}`);
    }
  });

  test('a manifest referencing a missing blob is refused with MANIFEST_BLOB_UNKNOWN; a wrong digest with DIGEST_INVALID', async () => {
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: images.app.config.digest,
        size: images.app.config.size,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: `sha256:${'1'.repeat(64)}`,
          size: 3,
        },
      ],
    });
    const headers = { 'content-type': 'application/vnd.oci.image.manifest.v1+json' };
    const refused = await fetch(url('/v2/team/app/manifests/broken'), {
      method: 'PUT',
      headers,
      body: manifest,
    });
    assert.equal(refused.status, 400);
    assert.equal(await errorCode(refused), 'MANIFEST_BLOB_UNKNOWN');
    const wrong = await fetch(url(`/v2/team/app/manifests/sha256:${'2'.repeat(64)}`), {
      method: 'PUT',
      headers,
      body: manifest,
    });
    assert.equal(await errorCode(wrong), 'DIGEST_INVALID');
    assert.equal((await fetch(url('/v2/team/app/manifests/broken'))).status, 404);
  });

  test('DELETE of a blob, and cancelling an upload', async () => {
    const data = Buffer.from('delete me');
    const d = computeDigest(data);
    assert.equal(
      (await fetch(url(`/v2/team/del/blobs/uploads/?digest=${d}`), { method: 'POST', body: data })).status,
      201,
    );
    assert.equal((await fetch(url(`/v2/team/del/blobs/${d}`), { method: 'DELETE' })).status, 202);
    assert.equal((await fetch(url(`/v2/team/del/blobs/${d}`), { method: 'HEAD' })).status, 404);
    const cancel = await fetch(url('/v2/team/del/blobs/uploads/'), { method: 'POST' });
    const location = cancel.headers.get('location')!;
    assert.equal((await fetch(url(location), { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(url(location))).status, 404);
  });
});
