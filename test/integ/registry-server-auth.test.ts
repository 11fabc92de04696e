// berth's registry with Basic auth: users and grants written through a connection of their own while berth runs
// (as `berth registry …` does) apply at once; skopeo and berth's client push and pull with credentials; pull-only
// users cannot push (DENIED); anonymous requests get 401 with a Basic challenge; failed logins are slowed down.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SqlitePersistence } from '../../src/adapters/sqlite/index.js';
import { pullImage } from '../../src/agent/pull/index.js';
import { awsParts, type BerthConfig, compose, type RunningBerth } from '../../src/cli/compose.js';

import { registryPart } from '../../src/cli/control-plane/registry-part.js';
import { MemoryContentStore } from '../../src/content/index.js';
import { parsePlatform, parseReference } from '../../src/engines/oci/index.js';
import { Secret } from '../../src/errors/index.js';
import { MemoryPersistence } from '../../src/ports/index.js';
import { hostKeychain, RegistryClient } from '../../src/registry/client/index.js';
import { BasicAuthorizer, isOciError, RegistryUsers, TokenService } from '../../src/registry/server/index.js';
import { pushLayout } from './support/skopeo.js';
import { run } from './support/system-tools.js';
import { buildTestImages, type TestImages } from './support/test-images.js';

let dir: string;
let berth: RunningBerth;
let images: TestImages;
let host: string;
let admin: SqlitePersistence;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-registry-auth-'));
  const stateDir = join(dir, 'state');
  const config: BerthConfig = {
    stateDir,
    port: 0,
    accountId: '111122223333',
    region: 'us-east-1',
    rootEnv: {},
    logToStderr: false,
  };
  const database = join(stateDir, 'berth.sqlite');
  // The default wiring of `berth up`: the registry is mounted, with registry users from the state dir.
  berth = await compose(config);
  host = `127.0.0.1:${berth.port}`;
  // Written after berth started, through another connection: the server must read them fresh.
  admin = new SqlitePersistence(database);
  const users = new RegistryUsers(admin);
  // alice needs no grant for alice/…: every user owns the namespace named after them.
  users.add('alice', 'alice-pw');
  users.add('bob', 'bob-pw');
  users.grant('bob', 'alice/*', 'pull');
  images = await buildTestImages();
});

after(async () => {
  admin?.close();
  await berth?.stop();
  if (images) rmSync(images.layoutDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('berth registry: Basic auth and grants', () => {
  test('anonymous is UNAUTHORIZED with a Basic challenge', async () => {
    const response = await fetch(`http://${host}/v2/`);
    assert.equal(response.status, 401);
    assert.equal(
      response.headers.get('www-authenticate'),
      `Bearer realm="http://${host}/token",service="berth", Basic realm="berth"`,
    );
    const body = (await response.json()) as { errors: Array<{ code: string }> };
    assert.equal(body.errors[0]!.code, 'UNAUTHORIZED');
    const wrong = await fetch(`http://${host}/v2/`, { headers: { authorization: basic('alice', 'nope') } });
    assert.equal(wrong.status, 401);
  });

  test('alice pushes with skopeo and pulls back identical digests; her client pulls too', async () => {
    await pushLayout(images.layoutDir, 'v1', `${host}/alice/space:latest`, {
      username: 'alice',
      password: 'alice-pw',
    });
    const out = join(dir, 'pulled');
    await run('skopeo', [
      '--insecure-policy',
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--src-creds',
      'alice:alice-pw',
      `docker://${host}/alice/space:latest`,
      `oci:${out}:latest`,
    ]);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string }>;
    };
    assert.equal(index.manifests[0]!.digest, images.app.digest);
    await assert.rejects(
      run('skopeo', ['inspect', '--tls-verify=false', `docker://${host}/alice/space:latest`]),
      /401|unauthorized|authentication/i,
    );
    const client = new RegistryClient({
      keychain: hostKeychain(host, { username: 'alice', password: new Secret('alice-pw') }),
    });
    try {
      const result = await pullImage({
        client,
        store: new MemoryContentStore(),
        reference: parseReference(`${host}/alice/space:latest`),
        platform: parsePlatform('linux/amd64'),
      });
      assert.equal(result.image.manifestDigest, images.app.digest);
    } finally {
      await client.close();
    }
  });

  test('bob (pull only) can pull but not push: DENIED; another repository is DENIED', async () => {
    const auth = { authorization: basic('bob', 'bob-pw') };
    const head = await fetch(`http://${host}/v2/alice/space/manifests/latest`, {
      method: 'HEAD',
      headers: { ...auth, accept: images.app.mediaType },
    });
    assert.equal(head.status, 200);
    const push = await fetch(`http://${host}/v2/alice/space/blobs/uploads/`, {
      method: 'POST',
      headers: auth,
    });
    assert.equal(push.status, 403);
    assert.equal(((await push.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'DENIED');
    await assert.rejects(
      pushLayout(images.layoutDir, 'v1', `${host}/alice/space:bob`, { username: 'bob', password: 'bob-pw' }),
      /denied|403/i,
    );
    const other = await fetch(`http://${host}/v2/carol/x/tags/list`, { headers: auth });
    assert.equal(other.status, 403);
  });

  test('a removed user is refused at once', async () => {
    const users = new RegistryUsers(admin);
    users.add('temp', 'temp-pw');
    users.grant('temp', '*', 'pull');
    const auth = { authorization: basic('temp', 'temp-pw') };
    assert.equal((await fetch(`http://${host}/v2/alice/space/tags/list`, { headers: auth })).status, 200);
    assert.ok(users.remove('temp'));
    assert.equal((await fetch(`http://${host}/v2/alice/space/tags/list`, { headers: auth })).status, 401);
  });
});

describe('BasicAuthorizer', () => {
  test('failed logins from one address are slowed down, doubling; another address is not', async () => {
    const users = new RegistryUsers(new MemoryPersistence());
    users.add('alice', 'pw');
    const waits: number[] = [];
    const authorizer = new BasicAuthorizer({
      users,
      freeFailures: 2,
      sleep: async (ms) => void waits.push(ms),
    });
    const request = (address: string, password: string) => ({
      method: 'GET',
      path: '/v2/',
      query: '',
      body: Buffer.alloc(0),
      remoteAddress: address,
      headers: [['Authorization', basic('alice', password)]] as const,
    });
    for (let i = 0; i < 4; i++)
      await assert.rejects(
        authorizer.authorize(request('10.0.0.1', 'bad'), { repository: undefined, action: 'pull' }),
      );
    assert.deepEqual(waits, [100, 200]);
    await assert.rejects(
      authorizer.authorize(request('10.0.0.2', 'bad'), { repository: undefined, action: 'pull' }),
    );
    assert.deepEqual(waits, [100, 200]);
    await authorizer.authorize(request('10.0.0.1', 'pw'), { repository: undefined, action: 'pull' });
  });
});

describe('berth registry CLI against the running berth', () => {
  const cli = (args: string[], input?: string) =>
    run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        ...args,
        ...(args[0] === 'registry' ? ['--state', join(dir, 'state')] : []),
      ],
      {
        timeoutMs: 30_000,
        ...(input === undefined ? {} : { input }),
      },
    );

  test('user add --password-stdin, grant, list; the running registry accepts the login at once; remove', async () => {
    await cli(['registry', 'user', 'add', 'dave', '--password-stdin'], 'dave-pw\n');
    await cli(['registry', 'grant', 'dave', 'dave/*', 'push']);
    const { stdout } = await cli(['registry', 'user', 'list', '--json']);
    const listed = JSON.parse(stdout) as { users: Array<{ name: string; grants: unknown[] }> };
    assert.deepEqual(listed.users.find((u) => u.name === 'dave')?.grants, [
      { pattern: 'dave/*', action: 'push' },
    ]);
    await pushLayout(images.layoutDir, 'v1', `${host}/dave/app:v1`, {
      username: 'dave',
      password: 'dave-pw',
    });
    const generated = await cli(['registry', 'user', 'add', 'erin']);
    assert.match(generated.stdout.trim(), /^[A-Za-z0-9_-]{24}$/);
    await assert.rejects(cli(['registry', 'user', 'add', 'erin', '--password-stdin'], 'x'), /already exists/);
    await assert.rejects(cli(['registry', 'grant', 'dave', 'dave/*', 'write']), /pull or push/);
    await cli(['registry', 'user', 'remove', 'dave']);
    const denied = await fetch(`http://${host}/v2/dave/app/tags/list`, {
      headers: { authorization: basic('dave', 'dave-pw') },
    });
    assert.equal(denied.status, 401);
  });
});

describe('Bearer tokens', () => {
  test('the token endpoint grants only what the grants allow; wrong scope → insufficient_scope', async () => {
    const scope = 'scope=repository:alice/space:pull,push';
    const bobToken = await fetch(`http://${host}/token?service=berth&${scope}`, {
      headers: { authorization: basic('bob', 'bob-pw') },
    });
    assert.equal(bobToken.status, 200);
    const { token } = (await bobToken.json()) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };
    assert.equal((await fetch(`http://${host}/v2/alice/space/tags/list`, { headers: bearer })).status, 200);
    const push = await fetch(`http://${host}/v2/alice/space/blobs/uploads/`, {
      method: 'POST',
      headers: bearer,
    });
    assert.equal(push.status, 401);
    assert.match(push.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
    assert.match(push.headers.get('www-authenticate') ?? '', /scope="repository:alice\/space:pull,push"/);
    const forged = await fetch(`http://${host}/v2/alice/space/tags/list`, {
      headers: { authorization: `Bearer ${token}x` },
    });
    assert.equal(forged.status, 401);
    assert.match(forged.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const wrong = await fetch(`http://${host}/token?${scope}`, {
      headers: { authorization: basic('bob', 'nope') },
    });
    assert.equal(wrong.status, 401);
  });

  test('OAuth2 POST: password grant with a refresh token, then the refresh_token grant; bad grants refused', async () => {
    const post = (form: Record<string, string>) =>
      fetch(`http://${host}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    const scope = 'repository:alice/space:pull,push';
    const first = await post({
      grant_type: 'password',
      username: 'alice',
      password: 'alice-pw',
      service: 'berth',
      scope,
      access_type: 'offline',
      client_id: 'test',
    });
    assert.equal(first.status, 200);
    const issued = (await first.json()) as { access_token: string; refresh_token: string };
    const auth = { authorization: `Bearer ${issued.access_token}` };
    assert.equal(
      (await fetch(`http://${host}/v2/alice/space/blobs/uploads/`, { method: 'POST', headers: auth })).status,
      202,
    );
    const refreshed = await post({
      grant_type: 'refresh_token',
      refresh_token: issued.refresh_token,
      service: 'berth',
      scope,
    });
    assert.equal(refreshed.status, 200);
    const again = (await refreshed.json()) as { access_token: string };
    assert.equal(
      (
        await fetch(`http://${host}/v2/alice/space/tags/list`, {
          headers: { authorization: `Bearer ${again.access_token}` },
        })
      ).status,
      200,
    );
    assert.equal(
      (await post({ grant_type: 'password', username: 'alice', password: 'nope', scope })).status,
      401,
    );
    assert.equal((await post({ grant_type: 'refresh_token', refresh_token: 'garbage', scope })).status, 401);
    assert.equal((await post({ grant_type: 'client_credentials' })).status, 400);
  });

  test('an expired token is invalid_token; Bearer-only refuses Basic, Basic-only offers no Bearer', async () => {
    const users = new RegistryUsers(new MemoryPersistence());
    users.add('alice', 'pw');
    users.grant('alice', 'a/*', 'pull');
    let now = Date.parse('2026-01-01T00:00:00Z');
    const tokens = new TokenService({ users, now: () => now, lifetimeSeconds: 60 });
    const bearerOnly = new BasicAuthorizer({ users, tokens, basic: false });
    const req = (authorization: string) => ({
      method: 'GET',
      path: '/v2/a/b/tags/list',
      query: '',
      body: Buffer.alloc(0),
      remoteAddress: '10.0.0.9',
      headers: [
        ['Authorization', authorization],
        ['Host', 'h:1'],
      ] as const,
    });
    const access = { repository: 'a/b', action: 'pull' } as const;
    const { token } = await tokens.issue('alice', ['repository:a/b:pull,push']);
    await bearerOnly.authorize(req(`Bearer ${token}`), access);
    const basicRefused = await bearerOnly
      .authorize(req(basic('alice', 'pw')), access)
      .catch((e: unknown) => e);
    assert.ok(isOciError(basicRefused) && basicRefused.code === 'UNAUTHORIZED');
    assert.deepEqual(
      basicRefused.headers.map(([, v]) => v.split(' ')[0]),
      ['Bearer'],
    );
    now += 120_000;
    const expired = await bearerOnly.authorize(req(`Bearer ${token}`), access).catch((e: unknown) => e);
    assert.ok(isOciError(expired));
    assert.match(expired.headers[0]![1], /error="invalid_token"/);
    const basicOnly = new BasicAuthorizer({ users });
    const anonymous = await basicOnly.authorize(req('none'), access).catch((e: unknown) => e);
    assert.ok(isOciError(anonymous));
    assert.deepEqual(anonymous.headers, [['WWW-Authenticate', 'Basic realm="berth"']]);
    await basicOnly.authorize(req(basic('alice', 'pw')), access);
  });
});

describe('a Bearer-only registry', () => {
  test('skopeo pushes and inspects through the token flow alone', async () => {
    const stateDir = join(dir, 'bearer-only');
    const database = join(stateDir, 'berth.sqlite');
    const config: BerthConfig = {
      stateDir,
      port: 0,
      accountId: '111122223333',
      region: 'us-east-1',
      rootEnv: {},
      logToStderr: false,
    };
    const only = await compose(config, {
      parts: [...awsParts, registryPart({ modes: { basic: false } })],
    });
    const db = new SqlitePersistence(database);
    try {
      const users = new RegistryUsers(db);
      users.add('alice', 'alice-pw');
      users.grant('alice', 'alice/*', 'push');
      const target = `127.0.0.1:${only.port}/alice/space:latest`;
      await pushLayout(images.layoutDir, 'v1', target, { username: 'alice', password: 'alice-pw' });
      const { stdout } = await run('skopeo', [
        'inspect',
        '--tls-verify=false',
        '--creds',
        'alice:alice-pw',
        `docker://${target}`,
      ]);
      assert.equal((JSON.parse(stdout) as { Digest: string }).Digest, images.app.digest);
      const basicTry = await fetch(`http://127.0.0.1:${only.port}/v2/alice/space/tags/list`, {
        headers: { authorization: basic('alice', 'alice-pw') },
      });
      assert.equal(basicTry.status, 401);
    } finally {
      db.close();
      await only.stop();
    }
  });
});
