// Faults the real registry cannot produce, injected by a loopback proxy in front of Distribution (Basic auth):
// a connection reset and a truncated body mid-layer (resumed with Range, also against a server that ignores Range),
// 429 with Retry-After, 500s, a corrupted layer (rejected, nothing committed), and a refused connection; and what a
// second pull into the same store asks for, and pulls at once (no blob twice).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ImagePullError, pullImage } from '../../src/agent/pull/index.js';
import { MemoryContentStore } from '../../src/content/index.js';
import { computeDigest, type Digest, parsePlatform, parseReference } from '../../src/engines/oci/index.js';
import { Secret } from '../../src/errors/index.js';
import { hostKeychain, RegistryClient, type RetryEvent } from '../../src/registry/client/index.js';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import { type FaultProxy, type ProxyAction, startFaultProxy } from './support/fault-proxy.js';
import { freePort } from './support/system-tools.js';
import { buildTestImages, pushTestImages, recordingSleep, type TestImages } from './support/test-images.js';

const password = 's3cret-faults-pw';
const amd64 = parsePlatform('linux/amd64');

let registry: RunningRegistry;
let proxy: FaultProxy;
let images: TestImages;
let bigLayer: Digest;

before(async () => {
  images = await buildTestImages();
  registry = await startDistributionRegistry({ kind: 'htpasswd', users: { alice: password } });
  await pushTestImages(images, registry.host, 'private/app', { username: 'alice', password });
  proxy = await startFaultProxy({ target: registry.url });
  bigLayer = images.app.layers[2]!.digest as Digest; // the 1 MiB random file
});

after(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (images) rmSync(images.layoutDir, { recursive: true, force: true });
});

beforeEach(() => {
  proxy.setRule(() => ({ kind: 'pass' }));
  proxy.requests.length = 0;
});

function setup(host = proxy.host) {
  const { sleep, waits } = recordingSleep();
  const retries: RetryEvent[] = [];
  const client = new RegistryClient({
    keychain: hostKeychain(host, { username: 'alice', password: new Secret(password) }),
    sleep,
    onRetry: (event) => retries.push(event),
  });
  return { client, waits, retries, store: new MemoryContentStore() };
}

/** A rule for GETs of one blob: `actions[n]` for the n-th such request, then pass. */
function onBlob(digest: string, ...actions: ProxyAction[]) {
  return (request: { method: string; path: string }, seen: number): ProxyAction =>
    request.method === 'GET' && request.path.endsWith(`/blobs/${digest}`)
      ? (actions[seen] ?? { kind: 'pass' })
      : { kind: 'pass' };
}

const pull = (s: ReturnType<typeof setup>) =>
  pullImage({
    client: s.client,
    store: s.store,
    reference: parseReference(`${proxy.host}/private/app:v1`),
    platform: amd64,
  });

const blobRequests = (digest: string) =>
  proxy.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/blobs/${digest}`));

describe('faults between the client and the registry', () => {
  test('a connection reset mid-layer resumes with Range from the verified offset', async () => {
    proxy.setRule(onBlob(bigLayer, { kind: 'reset-after', bytes: 300_000 }));
    const s = setup();
    const result = await pull(s);
    assert.equal(result.fetched.layers[2]!.digest, bigLayer);
    const ranges = blobRequests(bigLayer).map((r) => r.headers.range);
    assert.equal(ranges[0], undefined);
    assert.match(String(ranges[1]), /^bytes=[1-9][0-9]*-$/);
    assert.equal((await s.store.info(bigLayer))?.size, images.app.layers[2]!.size);
    await s.client.close();
  });

  test('a truncated body resumes too, even when the server then ignores Range (200 from the start)', async () => {
    proxy.setRule(onBlob(bigLayer, { kind: 'truncate-after', bytes: 500_000 }, { kind: 'strip-range' }));
    const s = setup();
    const result = await pull(s);
    assert.equal(result.fetched.layers[2]!.digest, bigLayer);
    assert.equal(blobRequests(bigLayer).length, 2);
    assert.match(String(blobRequests(bigLayer)[1]!.headers.range), /^bytes=[1-9][0-9]*-$/);
    await s.client.close();
  });

  test('429 with Retry-After is honoured, then the pull goes on', async () => {
    proxy.setRule((request, seen) =>
      request.method === 'HEAD' && seen === 0
        ? { kind: 'respond', status: 429, headers: { 'retry-after': '2' } }
        : { kind: 'pass' },
    );
    const s = setup();
    await pull(s);
    assert.deepEqual(s.waits, [2000]);
    await s.client.close();
  });

  test('a 429 that persists ends with the toomanyrequests text', async () => {
    const body = JSON.stringify({
      errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }],
    });
    proxy.setRule((request) =>
      request.method === 'GET' && request.path.endsWith(`/blobs/${bigLayer}`)
        ? { kind: 'respond', status: 429, headers: { 'retry-after': '1' }, body }
        : { kind: 'pass' },
    );
    const s = setup();
    const error = await pull(s).catch((e: unknown) => e as ImagePullError);
    assert.ok(error instanceof ImagePullError);
    assert.equal(
      error.reason,
      `CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code http://${proxy.host}/v2/private/app/blobs/${bigLayer}: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.`,
    );
    assert.equal(error.code, 'BERTH_REGISTRY_RATE_LIMITED');
    assert.equal(blobRequests(bigLayer).length, 4); // the default policy: 4 tries
    assert.equal(await s.store.info(bigLayer), undefined);
    await s.client.close();
  });

  test('500s are retried with backoff', async () => {
    const fail: ProxyAction = { kind: 'respond', status: 500, body: '{}' };
    proxy.setRule(onBlob(images.app.layers[0]!.digest, fail, fail));
    const s = setup();
    await pull(s);
    assert.equal(s.retries.filter((r) => r.reason === '500').length, 2);
    assert.ok(s.waits.length >= 2 && s.waits[1]! > s.waits[0]!, `backoff grows: ${s.waits}`);
    await s.client.close();
  });

  test('a corrupted layer is rejected and nothing is committed', async () => {
    proxy.setRule(onBlob(bigLayer, { kind: 'corrupt' }));
    const s = setup();
    const error = await pull(s).catch((e: unknown) => e as ImagePullError);
    assert.ok(error instanceof ImagePullError);
    assert.equal(error.code, 'BERTH_DIGEST_MISMATCH');
    assert.match(
      error.reason,
      /^CannotPullContainerError: ref pull has been retried 1 time\(s\): failed to copy: digest mismatch: expected sha256:[0-9a-f]{64}, got sha256:[0-9a-f]{64}$/,
    );
    assert.equal(await s.store.info(bigLayer), undefined);
    await s.client.close();
  });

  test('a registry that answers HEAD with 405 gets a GET by tag instead', async () => {
    proxy.setRule((request) =>
      request.method === 'HEAD' ? { kind: 'respond', status: 405 } : { kind: 'pass' },
    );
    const s = setup();
    const result = await pull(s);
    assert.equal(result.image.manifestDigest, images.app.digest);
    assert.ok(proxy.requests.some((r) => r.method === 'GET' && r.path.endsWith('/manifests/v1')));
    await s.client.close();
  });

  test('a schema 1 manifest is refused clearly, even when its digest checks out', async () => {
    const body = JSON.stringify({ schemaVersion: 1, name: 'private/app', tag: 'old', fsLayers: [] });
    const digest = computeDigest(new TextEncoder().encode(body));
    proxy.setRule((request) =>
      request.path.endsWith(`/manifests/${digest}`)
        ? {
            kind: 'respond',
            status: 200,
            headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' },
            body,
          }
        : { kind: 'pass' },
    );
    const s = setup();
    const ref = `${proxy.host}/private/app@${digest}`;
    const error = await pullImage({
      client: s.client,
      store: s.store,
      reference: parseReference(ref),
      platform: amd64,
    }).catch((e: unknown) => e as ImagePullError);
    assert.ok(error instanceof ImagePullError);
    assert.equal(error.code, 'BERTH_UNSUPPORTED_MANIFEST');
    assert.match(
      error.reason,
      /^CannotPullContainerError: pull image manifest has been retried 1 time\(s\): failed to resolve ref .*: Docker schema 1 manifests are not supported/,
    );
    await s.client.close();
  });

  test('a manifest over 4 MiB is refused without reading it all', async () => {
    proxy.setRule((request) =>
      request.method === 'GET' && request.path.endsWith(`/manifests/${images.app.digest}`)
        ? { kind: 'respond', status: 200, body: ' '.repeat(5 * 1024 * 1024) }
        : { kind: 'pass' },
    );
    const s = setup();
    const error = await pull(s).catch((e: unknown) => e as ImagePullError);
    assert.ok(error instanceof ImagePullError);
    assert.equal(error.code, 'BERTH_REGISTRY_PROTOCOL');
    assert.match(error.reason, /larger than the 4194304-byte limit/);
    await s.client.close();
  });

  test('a refused connection: Go’s words, after the transient retries', async () => {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const s = setup(host);
    const error = await pullImage({
      client: s.client,
      store: s.store,
      reference: parseReference(`${host}/private/app:v1`),
      platform: amd64,
    }).catch((e: unknown) => e as ImagePullError);
    assert.ok(error instanceof ImagePullError);
    assert.equal(
      error.reason,
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${host}/private/app:v1: failed to do request: Get "http://${host}/v2/": dial tcp ${host}: connect: connection refused`,
    );
    assert.equal(s.waits.length, 3);
    await s.client.close();
  });
});

describe('a second pull into the same store', () => {
  test('asks the registry for the manifest again (credentials still checked) but fetches no blob twice', async () => {
    const s = setup();
    const first = await pull(s);
    const config = first.image.manifest.config.digest;
    assert.equal(blobRequests(config).length, 1);
    proxy.requests.length = 0;

    const second = await pull(s);
    assert.equal(second.image.manifestDigest, first.image.manifestDigest);
    assert.deepEqual(second.image.configBytes, first.image.configBytes);
    assert.deepEqual(
      proxy.requests.filter((r) => r.path.includes('/blobs/')).map((r) => `${r.method} ${r.path}`),
      [],
    );
    assert.ok(proxy.requests.some((r) => r.method === 'HEAD' && r.path.endsWith('/manifests/v1')));
    await s.client.close();
  });

  test('three pulls of one image at once into one store fetch each blob once', async () => {
    const s = setup();
    const pulls = await Promise.all([pull(s), pull(s), pull(s)]);
    const { config, layers } = pulls[0]!.image.manifest;
    for (const blob of [config, ...layers]) assert.equal(blobRequests(blob.digest).length, 1, blob.digest);
    await s.client.close();
  });
});
