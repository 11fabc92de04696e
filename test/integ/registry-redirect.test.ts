// Credentials stay on the registry host (reference/registry-protocol.md §0 item 3, §3.1). A proxy on 127.0.0.1 in
// front of Distribution (Basic auth) answers authorised blob GETs with 307 to a blob host on 127.0.0.2 (standing in
// for S3 or a CDN, with a presigned-looking query); a foreign layer's descriptor `urls` point there too
// (CVE-2020-15157). The blob host records every header it receives: no Authorization may reach it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ImagePullError, pullImage } from '../../src/agent/pull/index.js';
import { MemoryContentStore } from '../../src/content/index.js';
import { parsePlatform, parseReference } from '../../src/engines/oci/index.js';
import { Secret } from '../../src/errors/index.js';
import { hostKeychain, RegistryClient } from '../../src/registry/client/index.js';
import { type BlobHost, startBlobHost } from './support/blob-host.js';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { OciLayoutBuilder } from './support/oci-layout-builder.js';
import { pushLayout } from './support/skopeo.js';

const password = 's3cret-redirect-pw';
const amd64 = parsePlatform('linux/amd64');

let registry: RunningRegistry;
let proxy: FaultProxy;
let blobHost: BlobHost;
let layoutDir: string;

before(async () => {
  layoutDir = mkdtempSync(join(tmpdir(), 'berth-layout-'));
  blobHost = await startBlobHost({ layoutDir });
  registry = await startDistributionRegistry(
    { kind: 'htpasswd', users: { alice: password } },
    { allowForeignUrls: ['^http://127\\.0\\.0\\.2'] },
  );
  const builder = new OciLayoutBuilder(layoutDir);
  const layers = [
    [{ path: 'etc/motd', content: 'redirected\n' }],
    [{ path: 'data/blob', content: 'x'.repeat(200_000) }],
  ];
  builder.tag('v1', await builder.image({ architecture: 'amd64', layers }));
  builder.tag(
    'foreign',
    await builder.image({
      architecture: 'amd64',
      layers: [...layers, [{ path: 'foreign/file', content: 'from urls\n' }]],
      foreignUrls: (digest) => [`${blobHost.origin}/blobs/sha256/${digest.slice('sha256:'.length)}`],
    }),
  );
  builder.finish();
  for (const tag of ['v1', 'foreign']) {
    await pushLayout(layoutDir, tag, `${registry.host}/private/app:${tag}`, { username: 'alice', password });
  }
  proxy = await startFaultProxy({
    target: registry.url,
    rule: (request) => {
      const blob = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(request.path);
      return request.method === 'GET' && blob
        ? { kind: 'redirect-if-ok', location: blobHost.urlFor(blob[1]!) }
        : { kind: 'pass' };
    },
  });
});

after(async () => {
  await proxy?.stop();
  await blobHost?.stop();
  await registry?.stop();
  if (layoutDir) rmSync(layoutDir, { recursive: true, force: true });
});

beforeEach(() => {
  blobHost.failWith(undefined);
  blobHost.requests.length = 0;
  proxy.requests.length = 0;
});

function client(): RegistryClient {
  return new RegistryClient({
    keychain: hostKeychain(proxy.host, { username: 'alice', password: new Secret(password) }),
  });
}

describe('redirects and foreign layers', () => {
  test('blob GETs redirected to another host: pulled, with no Authorization sent there', async () => {
    const c = client();
    const result = await pullImage({
      client: c,
      store: new MemoryContentStore(),
      reference: parseReference(`${proxy.host}/private/app:v1`),
      platform: amd64,
    });
    assert.equal(result.fetched.layers.length, 2);
    // Config and both layers came from the blob host…
    assert.equal(blobHost.requests.length, 3);
    for (const request of blobHost.requests) {
      assert.equal(request.headers.authorization, undefined, `Authorization reached ${request.path}`);
    }
    // …after the registry host saw the credentials on every request but the ping.
    const authorised = proxy.requests.filter((r) => r.path !== '/v2/');
    assert.ok(authorised.length >= 4);
    for (const request of authorised) assert.match(String(request.headers.authorization), /^Basic /);
    await c.close();
  });

  test('a failure at the redirect target names it with the signature redacted', async () => {
    blobHost.failWith(403);
    const c = client();
    const error = await pullImage({
      client: c,
      store: new MemoryContentStore(),
      reference: parseReference(`${proxy.host}/private/app:v1`),
      platform: amd64,
    }).catch((e: unknown) => e as ImagePullError);
    assert.ok(error instanceof ImagePullError);
    assert.match(
      error.reason,
      /^CannotPullContainerError: ref pull has been retried 1 time\(s\): failed to copy: httpReadSeeker: failed open: unexpected status code http:\/\/127\.0\.0\.2:[0-9]+\/blobs\/sha256\/[0-9a-f]{64}\?X-Amz-Signature=REDACTED: 403 Forbidden$/,
    );
    assert.ok(!`${error.reason} ${error.message}`.includes('s3cr3tsig'));
    await c.close();
  });

  test('a foreign layer missing from the registry comes from its descriptor urls, anonymously', async () => {
    const c = client();
    const result = await pullImage({
      client: c,
      store: new MemoryContentStore(),
      reference: parseReference(`${proxy.host}/private/app:foreign`),
      platform: amd64,
    });
    const foreign = result.image.manifest.layers[2]!;
    assert.ok(foreign.urls?.[0]?.startsWith(blobHost.origin));
    const direct = blobHost.requests.filter((r) => !r.path.includes('X-Amz-Signature'));
    assert.equal(direct.length, 1);
    assert.equal(direct[0]!.headers.authorization, undefined);
    // The registry was asked first, with credentials, and did not have it.
    const asked = proxy.requests.filter((r) => r.path.endsWith(`/blobs/${foreign.digest}`));
    assert.equal(asked.length, 1);
    await c.close();
  });
});
