// The registry client against the real Distribution registry with token auth (`auth.token`), fed by the tests' own
// token issuer (ES256 JWTs with an x5c chain, reference/registry-protocol.md §5.4): the Bearer flow with Basic and
// anonymously, OAuth2 POST with an identity token and its GET fallback, one retry after a refused token, token
// caching, and the ECS texts for a wrong password, anonymous access, a missing tag and a missing repository.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ImagePullError, pullImage, unpackInto } from '../../src/agent/pull/index.js';
import { MemoryContentStore } from '../../src/content/index.js';
import { parsePlatform, parseReference } from '../../src/engines/oci/index.js';
import { Secret } from '../../src/errors/index.js';
import { hostKeychain, RegistryClient, type RegistryCredentials } from '../../src/registry/client/index.js';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import { buildTestImages, pushTestImages, type TestImages } from './support/test-images.js';
import { type RunningTokenIssuer, startTokenIssuer } from './support/token-issuer.js';

const password = 's3cret-token-pw';
const service = 'berth-test-registry';
const amd64 = parsePlatform('linux/amd64');

let issuer: RunningTokenIssuer;
let registry: RunningRegistry;
let images: TestImages;

before(async () => {
  images = await buildTestImages();
  issuer = await startTokenIssuer({ service, issuer: 'berth-test-issuer', users: { alice: password } });
  registry = await startDistributionRegistry({
    kind: 'token',
    realm: issuer.realm,
    service,
    issuer: 'berth-test-issuer',
    rootCertPem: issuer.certPem,
  });
  await pushTestImages(images, registry.host, 'private/app', { username: 'alice', password });
  await pushTestImages(images, registry.host, 'public/app', { username: 'alice', password });
});

after(async () => {
  await registry?.stop();
  await issuer?.stop();
  if (images) rmSync(images.layoutDir, { recursive: true, force: true });
});

beforeEach(() => {
  issuer.configure({ anonymous: 'deny', post: true, badTokens: 0 });
  issuer.requests.length = 0;
});

function client(credentials?: RegistryCredentials): RegistryClient {
  return new RegistryClient(
    credentials === undefined ? {} : { keychain: hostKeychain(registry.host, credentials) },
  );
}

const alice = (pw = password): RegistryCredentials => ({ username: 'alice', password: new Secret(pw) });
const tokenUrl = (repository: string) =>
  `${issuer.realm}?scope=${encodeURIComponent(`repository:${repository}:pull`)}&service=${service}`;

async function failedPull(reference: string, c: RegistryClient): Promise<ImagePullError> {
  const error = await pullImage({
    client: c,
    store: new MemoryContentStore(),
    reference: parseReference(reference),
    platform: amd64,
  }).then(
    () => assert.fail('the pull should fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ImagePullError, String(error));
  return error;
}

describe('Bearer auth (token server)', () => {
  test('pull by tag and by digest: one GET with Basic credentials buys a token for the whole pull', async () => {
    const c = client(alice());
    const dir = mkdtempSync(join(tmpdir(), 'berth-rootfs-'));
    try {
      const byTag = await pullImage({
        client: c,
        store: new MemoryContentStore(),
        reference: parseReference(`${registry.host}/private/app:v1`),
        platform: amd64,
        unpack: unpackInto(join(dir, 'rootfs')),
      });
      assert.equal(byTag.image.manifestDigest, images.app.digest);
      assert.equal(readFileSync(join(byTag.unpacked!.rootfs, 'etc/os-release'), 'utf8'), 'NAME=berth-test\n');
      const byDigest = await c.resolve(parseReference(`${registry.host}/private/app@${images.app.digest}`), {
        platform: amd64,
      });
      assert.equal(byDigest.manifestDigest, images.app.digest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await c.close();
    }
    // Cached per host and scope: two pulls, many requests, one token.
    assert.deepEqual(
      issuer.requests.map((r) => [r.method, r.basicUser, r.scopes.join(' '), r.status]),
      [['GET', 'alice', 'repository:private/app:pull', 200]],
    );
  });

  test('anonymous pull of a public repository gets an anonymous token', async () => {
    const c = client();
    const resolved = await c.resolve(parseReference(`${registry.host}/public/app:multi`), {
      platform: amd64,
    });
    assert.equal(resolved.manifestDigest, images.multi.images[0]!.digest);
    assert.equal(issuer.requests[0]?.basicUser, undefined);
    await c.close();
  });

  test('wrong password → the ECS text with the token URL (containerd: "failed to fetch oauth token")', async () => {
    const ref = `${registry.host}/private/app:v1`;
    const c = client(alice('wrong-password'));
    const error = await failedPull(ref, c);
    assert.equal(
      error.reason,
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: failed to authorize: failed to fetch oauth token: unexpected status from GET request to ${tokenUrl('private/app')}: 401 Unauthorized`,
    );
    assert.equal(error.code, 'BERTH_REGISTRY_UNAUTHORIZED');
    assert.ok(!error.reason.includes('wrong-password'));
    await c.close();
  });

  test('anonymous access to a private repository → "failed to fetch anonymous token … 401 Unauthorized"', async () => {
    const ref = `${registry.host}/private/app:v1`;
    const c = client();
    const error = await failedPull(ref, c);
    assert.equal(
      error.reason,
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to ${tokenUrl('private/app')}: 401 Unauthorized`,
    );
    await c.close();
  });

  test('a token without access (insufficient_scope) is asked for again once, then the 401 is final', async () => {
    issuer.configure({ anonymous: 'empty' });
    const ref = `${registry.host}/private/app:v1`;
    const c = client();
    const error = await failedPull(ref, c);
    assert.equal(
      error.reason,
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: unexpected status from HEAD request to http://${registry.host}/v2/private/app/manifests/v1: 401 Unauthorized`,
    );
    assert.equal(issuer.requests.length, 2);
    await c.close();
  });

  test('a refused token (invalid_token) is replaced once and the pull succeeds', async () => {
    issuer.configure({ badTokens: 1 });
    const c = client(alice());
    const resolved = await c.resolve(parseReference(`${registry.host}/private/app:v1`), { platform: amd64 });
    assert.equal(resolved.manifestDigest, images.app.digest);
    assert.equal(issuer.requests.filter((r) => r.status === 200).length, 2);
    await c.close();
  });

  test('missing tag and missing repository → "<ref>: not found"', async () => {
    const c = client(alice());
    for (const ref of [
      `${registry.host}/private/app:no-such-tag`,
      `${registry.host}/private/nothing-here:v1`,
    ]) {
      const error = await failedPull(ref, c);
      assert.equal(
        error.reason,
        `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: ${ref}: not found`,
      );
    }
    await c.close();
  });

  test('an identity token is used with an OAuth2 POST (refresh_token grant)', async () => {
    const c = client({ identityToken: new Secret(issuer.issueRefreshToken('alice')) });
    const resolved = await c.resolve(parseReference(`${registry.host}/private/app:v1`), { platform: amd64 });
    assert.equal(resolved.manifestDigest, images.app.digest);
    assert.deepEqual(
      issuer.requests.map((r) => [r.method, r.grantType, r.status]),
      [['POST', 'refresh_token', 200]],
    );
    await c.close();
  });

  test('a token server without POST (404) gets a GET instead', async () => {
    issuer.configure({ post: false });
    const c = client({ identityToken: new Secret(issuer.issueRefreshToken('alice')) });
    const resolved = await c.resolve(parseReference(`${registry.host}/public/app:v1`), { platform: amd64 });
    assert.equal(resolved.manifestDigest, images.app.digest);
    assert.deepEqual(
      issuer.requests.map((r) => [r.method, r.status]),
      [
        ['POST', 404],
        ['GET', 200],
      ],
    );
    await c.close();
  });
});
