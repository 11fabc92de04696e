// The agent's image source against berth's registry server on real loopback HTTP (behind registry users), with the
// real registry client, filesystem content store and rootfs cache: credentials from repositoryCredentials reach
// the registry and nothing else, failures carry ECS's container reason (reference ecs-private-auth.md §3.2, §3.3).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildWebImage, type WebImage, webCommand } from '../../../test/e2e/support/web-image.js';
import { pushLayout } from '../../../test/integ/support/skopeo.js';
import { FsContentStore } from '../../adapters/fs-content-store/index.js';
import { type RunningHttpServer, startHttpServer } from '../../adapters/node-http/index.js';
import { RootfsCache } from '../../adapters/rootfs-cache/index.js';
import type { ContentStore } from '../../content/index.js';
import { Secret } from '../../errors/index.js';
import { MemoryPersistence } from '../../ports/index.js';
import { type Keychain, RegistryClient } from '../../registry/client/index.js';
import {
  BasicAuthorizer,
  createRegistryServer,
  createTokenEndpoint,
  RegistryUsers,
  TokenService,
} from '../../registry/server/index.js';
import { ImagePullError } from '../pull/index.js';
import type { ImageSource } from './ports.js';
import { createRegistryImageSource } from './registry-image-source.js';

const work = mkdtempSync(join(tmpdir(), 'berth-image-source-'));
const password = 'puller-password-4f2a';
const servers: RunningHttpServer[] = [];
let web: WebImage;
let source: ImageSource;
let reference: string;
let clientFor: (keychain: Keychain) => RegistryClient;

/** berth's registry twice over one store: open (to push to) and behind users with Bearer tokens (as in berth up). */
async function startRegistry() {
  const persistence = new MemoryPersistence();
  const content = await FsContentStore.open(join(work, 'registry'));
  const users = new RegistryUsers(persistence);
  const tokens = new TokenService({ users });
  const login = new BasicAuthorizer({ users, tokens, tokenPath: '/token' });
  const start = async (guarded: boolean) => {
    const server = await startHttpServer({
      port: 0,
      maxBodyBytes: 64 * 1024 * 1024,
      routes: [
        {
          prefix: '/v2',
          handler: createRegistryServer({ content, persistence, ...(guarded ? { authorizer: login } : {}) }),
        },
        ...(guarded ? [{ prefix: '/token', handler: createTokenEndpoint(login, tokens) }] : []),
      ],
    });
    servers.push(server);
    return new URL(server.url).host;
  };
  return { users, open: await start(false), guarded: await start(true) };
}

before(async () => {
  const registry = await startRegistry();
  web = await buildWebImage(join(work, 'layout'));
  await pushLayout(web.layoutDir, 'web', `${registry.open}/private/web:1`);
  registry.users.add('puller', password);
  registry.users.grant('puller', 'private/*', 'pull');
  reference = `${registry.guarded}/private/web:1`;
  const store = await FsContentStore.open(join(work, 'content'));
  const cache = await RootfsCache.open(join(work, 'rootfs'), store);
  clientFor = (keychain) => new RegistryClient({ keychain });
  source = createRegistryImageSource({
    client: clientFor,
    store,
    ensureRootfs: (config, layers, options) => cache.ensureRootfs(config, layers, options),
    platform: { os: 'linux', architecture: 'amd64' },
  });
});

after(async () => {
  for (const server of servers) await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** `store`, with `hook` awaited before each ingest (to hold a download back, or fail it). */
function beforeIngest(store: ContentStore, hook: (digest: string) => Promise<void>): ContentStore {
  return {
    info: (digest) => store.info(digest),
    read: (digest, options) => store.read(digest, options),
    ingest: async (expected, from, options) => {
      await hook(expected.digest);
      return store.ingest(expected, from, options);
    },
    adopt: (blob, path) => store.adopt(blob, path),
    delete: (digest) => store.delete(digest),
  };
}

const credentials = (pw: string) => ({ username: new Secret('puller'), password: new Secret(pw) });

describe('createRegistryImageSource', () => {
  test('pulls with the secret’s credentials, reports the digest first, returns the unpacked image', async () => {
    const resolved: string[] = [];
    const image = await source.pull({
      reference,
      credentials: credentials(password),
      launchType: 'FARGATE',
      onResolved: (digest) => resolved.push(digest),
    });
    assert.deepEqual(resolved, [web.image.digest]);
    assert.equal(image.digest, web.image.digest);
    assert.deepEqual(image.config.config.cmd, webCommand);
    assert.ok(existsSync(join(image.rootfs, 'bin/busybox')));
    assert.ok(existsSync(join(image.rootfs, 'www/index.html')));
  });

  test('without credentials: the registry’s 401 as Fargate words it (§3.3)', async () => {
    const error = await source
      .pull({ reference, launchType: 'FARGATE', onResolved: () => undefined })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ImagePullError, String(error));
    assert.ok(
      error.reason.startsWith(
        `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${reference}: `,
      ),
      error.reason,
    );
    assert.match(error.reason, /401 Unauthorized/);
  });

  test('a wrong password fails the pull and never appears in the reason', async () => {
    const wrong = 'not-the-password-9c1e';
    const error = await source
      .pull({ reference, credentials: credentials(wrong), launchType: 'EC2', onResolved: () => undefined })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ImagePullError, String(error));
    assert.ok(!error.reason.includes(wrong) && !error.reason.includes(password), error.reason);
  });

  test('an unparsable reference is Docker’s invalid reference format', async () => {
    const error = await source
      .pull({ reference: 'UPPER/Case:tag', launchType: 'FARGATE', onResolved: () => undefined })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ImagePullError);
    assert.equal(error.reason, 'CannotPullContainerError: invalid reference format');
  });

  test('the unpack follows the download: the first layer is applied while the last is still held back', async () => {
    const store = await FsContentStore.open(join(work, 'content-overlap'));
    const cache = await RootfsCache.open(join(work, 'rootfs-overlap'), store);
    const last = web.image.layers.at(-1)!.digest;
    let firstApplied!: () => void;
    let giveUp!: (error: Error) => void;
    const applied = new Promise<void>((resolve, reject) => {
      firstApplied = resolve;
      giveUp = reject;
    });
    applied.catch(() => undefined);
    // The last layer's download may commit only once the unpack has applied the first: a pull that unpacked only
    // after its download would never get there (the hang guard below fails it).
    const held = beforeIngest(store, async (digest) => {
      if (digest === last) await applied;
    });
    const following = createRegistryImageSource({
      client: clientFor,
      store: held,
      ensureRootfs: (config, layers, options) =>
        cache.ensureRootfs(config, layers, {
          ...options,
          onLayer: (_result, index) => {
            if (index === 0) firstApplied();
          },
        }),
      platform: { os: 'linux', architecture: 'amd64' },
    });
    const hang = setTimeout(
      () => giveUp(new Error('the unpack did not start before the download ended')),
      30_000,
    );
    try {
      const image = await following.pull({
        reference,
        credentials: credentials(password),
        launchType: 'FARGATE',
        onResolved: () => undefined,
      });
      assert.ok(existsSync(join(image.rootfs, 'www/index.html')));
    } finally {
      clearTimeout(hang);
    }
  });

  test('a download that fails ends the unpack that followed it: nothing is left in the rootfs cache', async () => {
    const store = await FsContentStore.open(join(work, 'content-failed'));
    const root = join(work, 'rootfs-failed');
    const cache = await RootfsCache.open(root, store);
    const last = web.image.layers.at(-1)!.digest;
    const failing = beforeIngest(store, async (digest) => {
      if (digest === last) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    });
    const failingSource = createRegistryImageSource({
      client: clientFor,
      store: failing,
      ensureRootfs: (config, layers, options) => cache.ensureRootfs(config, layers, options),
      platform: { os: 'linux', architecture: 'amd64' },
    });
    const error = await failingSource
      .pull({
        reference,
        credentials: credentials(password),
        launchType: 'FARGATE',
        onResolved: () => undefined,
      })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ImagePullError, String(error));
    assert.match(error.reason, /disk full/);
    assert.deepEqual(readdirSync(root), []);
  });

  test('an unpack that failed while the download went on (another task’s, joined) is tried once more', async () => {
    const store = await FsContentStore.open(join(work, 'content-retry'));
    const cache = await RootfsCache.open(join(work, 'rootfs-retry'), store);
    const calls: string[] = [];
    const retrying = createRegistryImageSource({
      client: clientFor,
      store,
      ensureRootfs: (config, layers, options) => {
        calls.push(options?.layerReady ? 'following the download' : 'after the download');
        if (calls.length === 1) return Promise.reject(new Error('the other task’s download was stopped'));
        return cache.ensureRootfs(config, layers, options);
      },
      platform: { os: 'linux', architecture: 'amd64' },
    });
    const image = await retrying.pull({
      reference,
      credentials: credentials(password),
      launchType: 'FARGATE',
      onResolved: () => undefined,
    });
    assert.deepEqual(calls, ['following the download', 'after the download']);
    assert.ok(existsSync(join(image.rootfs, 'www/index.html')));
  });
});
