// The registry client and the agent's pull against the real Distribution registry (Debian docker-registry 2.8) with
// htpasswd Basic auth on 127.0.0.1: by tag, by digest, multi-arch with an attestation, ECR-style `AWS` user, and the
// ECS texts for a wrong password, anonymous access, a missing tag and a missing repository.
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ImagePullError, pullImage, unpackInto } from '../../src/agent/pull/index.js';
import { MemoryContentStore } from '../../src/content/index.js';
import { computeDigest, type Digest, parsePlatform, parseReference } from '../../src/engines/oci/index.js';
import { Secret } from '../../src/errors/index.js';
import { ecrCredentials, hostKeychain, RegistryClient } from '../../src/registry/client/index.js';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import { buildTestImages, pushTestImages, type TestImages } from './support/test-images.js';

const password = 's3cret-basic-pw';
const ecrToken = 'ecr-token-value-for-tests';
const amd64 = parsePlatform('linux/amd64');

let registry: RunningRegistry;
let images: TestImages;

before(async () => {
  images = await buildTestImages();
  registry = await startDistributionRegistry({ kind: 'htpasswd', users: { alice: password, AWS: ecrToken } });
  await pushTestImages(images, registry.host, 'private/app', { username: 'alice', password });
});

after(async () => {
  await registry?.stop();
  if (images) rmSync(images.layoutDir, { recursive: true, force: true });
});

/** A client with alice's password, another password, or (null) anonymous. */
function client(pw: string | null = password): RegistryClient {
  return new RegistryClient(
    pw === null
      ? {}
      : { keychain: hostKeychain(registry.host, { username: 'alice', password: new Secret(pw) }) },
  );
}

async function storedBytes(store: MemoryContentStore, digest: Digest): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.read(digest)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The ECS text a failed pull gives. */
async function reasonFor(reference: string, c: RegistryClient, platform = amd64): Promise<ImagePullError> {
  const error = await pullImage({
    client: c,
    store: new MemoryContentStore(),
    reference: parseReference(reference),
    platform,
  }).then(
    () => assert.fail('the pull should fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ImagePullError, String(error));
  return error;
}

describe('Basic auth (htpasswd)', () => {
  test('pull by tag: HEAD → digest → GET, every blob verified into the store', async () => {
    const c = client();
    const store = new MemoryContentStore();
    const result = await pullImage({
      client: c,
      store,
      reference: parseReference(`${registry.host}/private/app:v1`),
      platform: amd64,
    });
    assert.equal(result.image.digest, images.app.digest);
    assert.equal(result.image.manifestDigest, images.app.digest);
    assert.deepEqual(
      result.fetched.layers.map((l) => l.digest),
      images.app.layers.map((l) => l.digest),
    );
    for (const blob of [images.app, images.app.config, ...images.app.layers]) {
      const bytes = await storedBytes(store, blob.digest as Digest);
      assert.equal(bytes.length, blob.size);
      assert.equal(computeDigest(bytes), blob.digest);
    }
    await c.close();
  });

  test('pull by digest skips the tag and gets the same image', async () => {
    const c = client();
    const resolved = await c.resolve(parseReference(`${registry.host}/private/app@${images.app.digest}`), {
      platform: amd64,
    });
    assert.equal(resolved.manifestDigest, images.app.digest);
    assert.equal(resolved.config.diffIds.length, 3);
    await c.close();
  });

  test('a multi-arch index: the platform’s image, never the attestation listed first', async () => {
    const c = client();
    const ref = parseReference(`${registry.host}/private/app:multi`);
    const picks: Record<string, string> = {};
    for (const platform of ['linux/amd64', 'linux/arm64', 'linux/arm64/v8', 'linux/arm/v7']) {
      const resolved = await c.resolve(ref, { platform: parsePlatform(platform) });
      assert.equal(resolved.digest, images.multi.digest);
      picks[platform] = resolved.manifestDigest;
    }
    assert.equal(picks['linux/amd64'], images.multi.images[0]!.digest);
    assert.equal(picks['linux/arm64'], images.multi.images[1]!.digest);
    assert.equal(picks['linux/arm64/v8'], images.multi.images[1]!.digest);
    assert.equal(picks['linux/arm/v7'], images.multi.images[2]!.digest);
    assert.ok(!Object.values(picks).includes(images.multi.attestation!.digest));
    await c.close();
  });

  test('pull with --rootfs: a correct root filesystem (whiteout applied, symlink and hard link kept)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-rootfs-'));
    const c = client();
    try {
      const result = await pullImage({
        client: c,
        store: new MemoryContentStore(),
        reference: parseReference(`${registry.host}/private/app:v1`),
        platform: amd64,
        unpack: unpackInto(join(dir, 'rootfs')),
      });
      const root = result.unpacked!.rootfs;
      assert.equal(readFileSync(join(root, 'etc/os-release'), 'utf8'), 'NAME=berth-test\n');
      assert.throws(() => lstatSync(join(root, 'etc/old.conf')), /ENOENT/);
      assert.equal(readlinkSync(join(root, 'bin/hi')), 'hello');
      assert.equal(lstatSync(join(root, 'bin/hello-again')).ino, lstatSync(join(root, 'bin/hello')).ino);
      assert.equal(lstatSync(join(root, 'data/random.bin')).size, 1024 * 1024);
    } finally {
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ECR-style credentials: user AWS and the token from GetAuthorizationToken', async () => {
    const token = new Secret(Buffer.from(`AWS:${ecrToken}`).toString('base64'));
    const c = new RegistryClient({ keychain: hostKeychain(registry.host, ecrCredentials(token)) });
    const resolved = await c.resolve(parseReference(`${registry.host}/private/app:v1`), { platform: amd64 });
    assert.equal(resolved.manifestDigest, images.app.digest);
    await c.close();
  });

  test('wrong password → the ECS 401 text, no password in it', async () => {
    const ref = `${registry.host}/private/app:v1`;
    const c = client('wrong-password');
    const error = await reasonFor(ref, c);
    assert.equal(
      error.reason,
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: unexpected status from HEAD request to http://${registry.host}/v2/private/app/manifests/v1: 401 Unauthorized`,
    );
    assert.equal(error.code, 'BERTH_REGISTRY_UNAUTHORIZED');
    assert.ok(!JSON.stringify({ m: error.message, c: String(error.cause) }).includes('wrong-password'));
    await c.close();
  });

  test('anonymous access to the private repository → the ECS 401 text', async () => {
    const ref = `${registry.host}/private/app:v1`;
    const c = client(null);
    const error = await reasonFor(ref, c);
    assert.equal(
      error.reason,
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: unexpected status from HEAD request to http://${registry.host}/v2/private/app/manifests/v1: 401 Unauthorized`,
    );
    await c.close();
  });

  test('missing tag and missing repository → "<ref>: not found"', async () => {
    const c = client();
    for (const ref of [
      `${registry.host}/private/app:no-such-tag`,
      `${registry.host}/private/nothing-here:v1`,
    ]) {
      const error = await reasonFor(ref, c);
      assert.equal(
        error.reason,
        `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: ${ref}: not found`,
      );
      assert.equal(error.code, 'BERTH_REGISTRY_NOT_FOUND');
    }
    await c.close();
  });

  test('a missing digest is not found too, and EC2 words it the Docker way', async () => {
    const c = client();
    const digest = `sha256:${'0'.repeat(64)}`;
    const ref = parseReference(`${registry.host}/private/app@${digest}`);
    const error = await pullImage({
      client: c,
      store: new MemoryContentStore(),
      reference: ref,
      platform: amd64,
      launchType: 'EC2',
    }).catch((e: unknown) => e as ImagePullError);
    assert.equal(
      (error as ImagePullError).reason,
      `CannotPullContainerError: Error response from daemon: manifest for ${registry.host}/private/app@${digest} not found: manifest unknown: manifest unknown`,
    );
    await c.close();
  });

  test('no image for the platform → the ECS platform text (index and single manifest)', async () => {
    const c = client();
    const s390x = await reasonFor(`${registry.host}/private/app:multi`, c, parsePlatform('linux/s390x'));
    assert.equal(
      s390x.reason,
      "CannotPullContainerError: pull image manifest has been retried 1 time(s): image Manifest does not contain descriptor matching platform 'linux/s390x'",
    );
    const armOnly = await reasonFor(`${registry.host}/private/app:arm-only`, c);
    assert.equal(
      armOnly.reason,
      "CannotPullContainerError: pull image manifest has been retried 1 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'",
    );
    assert.equal(armOnly.code, 'BERTH_PLATFORM_NOT_FOUND');
    await c.close();
  });
});
