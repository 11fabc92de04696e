// berth's registry client pushes (pushImage: HEAD, monolithic POST + PUT ?digest=, PUT manifest by tag, scope
// pull,push) to the built-in registry of a real `berth up` and to the CNCF Distribution registry, with Basic and with
// the token flow. What it pushed is checked by others: skopeo sees the same manifest bytes and digest, and `berth pull`
// unpacks the page. A wrong password is UNAUTHORIZED; a login that may only pull is DENIED.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BuiltWebImage, buildWebImage } from '../../src/cli/demo/web-image.js';
import { parseReference } from '../../src/engines/oci/index.js';
import { Secret } from '../../src/errors/index.js';
import { hostKeychain, isRegistryError, pushImage, RegistryClient } from '../../src/registry/client/index.js';
import { type BerthProcess, berthBin, startBerth } from './berth-process.js';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import { run } from './support/system-tools.js';
import { type RunningTokenIssuer, startTokenIssuer } from './support/token-issuer.js';

let web: BuiltWebImage;
let work: string;

before(async () => {
  web = await buildWebImage({ title: 'pushed by berth' });
  work = mkdtempSync(join(tmpdir(), 'berth-push-'));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A client holding `username:password` for `host` only. */
function clientFor(host: string, username: string, password: string): RegistryClient {
  return new RegistryClient({ keychain: hostKeychain(host, { username, password: new Secret(password) }) });
}

async function push(host: string, repository: string, username: string, password: string) {
  const client = clientFor(host, username, password);
  try {
    return await pushImage(client, parseReference(`${host}/${repository}`), web.image.content);
  } finally {
    await client.close();
  }
}

async function rejectsWith(promise: Promise<unknown>, code: string, status: number) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isRegistryError(error), String(error));
    assert.equal(error.code, code, error.message);
    assert.equal(error.status, status);
    return true;
  });
}

/** skopeo's view of the pushed image: its digest and its manifest's exact bytes. */
async function inspect(reference: string, creds?: string) {
  const credArgs = creds === undefined ? ['--no-creds'] : ['--creds', creds];
  const base = ['inspect', '--tls-verify=false', ...credArgs, `docker://${reference}`];
  const summary = JSON.parse((await run('skopeo', base)).stdout) as { Digest: string };
  const raw = (await run('skopeo', [...base.slice(0, -1), '--raw', base.at(-1)!])).stdout;
  return { digest: summary.Digest, manifest: raw };
}

/** `berth pull --rootfs` into a fresh state dir: the page the unpacked image would serve. */
function pullPage(reference: string, username: string, password: string): string {
  const dir = mkdtempSync(join(work, 'pull-'));
  const rootfs = join(dir, 'rootfs');
  const pulled = spawnSync(
    process.execPath,
    [
      berthBin,
      'pull',
      reference,
      '--username',
      username,
      '--password-stdin',
      '--rootfs',
      rootfs,
      '--state',
      join(dir, 'state'),
      '--json',
    ],
    { input: `${password}\n`, encoding: 'utf8' },
  );
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.match(pulled.stdout, new RegExp(web.image.digest));
  return readFileSync(join(rootfs, 'www', 'index.html'), 'utf8');
}

describe("berth up's registry", () => {
  let berth: BerthProcess;
  let host: string;

  before(async () => {
    berth = await startBerth();
    host = `127.0.0.1:${berth.port}`;
    const cli = (args: string[], input = '') =>
      spawnSync(process.execPath, [berthBin, ...args, '--state', berth.stateDir], {
        input,
        encoding: 'utf8',
      });
    assert.equal(cli(['registry', 'user', 'add', 'alice', '--password-stdin'], 'alice-pw\n').status, 0);
    assert.equal(cli(['registry', 'user', 'add', 'reader', '--password-stdin'], 'reader-pw\n').status, 0);
    assert.equal(cli(['registry', 'grant', 'reader', 'alice/*', 'pull']).status, 0);
  });

  after(async () => {
    await berth?.stop({ removeState: true });
  });

  test('push, then skopeo and berth pull see the same image; a second push uploads nothing', async () => {
    const pushed = await push(host, 'alice/web:1', 'alice', 'alice-pw');
    assert.deepEqual(pushed, { digest: web.image.digest, uploaded: 3, present: 0 });

    const seen = await inspect(`${host}/alice/web:1`, 'alice:alice-pw');
    assert.equal(seen.digest, web.image.digest);
    assert.equal(seen.manifest, Buffer.from(web.image.content.manifest.bytes).toString('utf8'));
    assert.equal(pullPage(`${host}/alice/web:1`, 'alice', 'alice-pw'), web.page);

    // The blobs are there (HEAD 200): only the manifest goes again, under another tag.
    assert.deepEqual(await push(host, 'alice/web:2', 'alice', 'alice-pw'), {
      digest: web.image.digest,
      uploaded: 0,
      present: 3,
    });
    assert.equal((await inspect(`${host}/alice/web:2`, 'alice:alice-pw')).digest, web.image.digest);
  });

  test('a wrong password is UNAUTHORIZED', async () => {
    await rejectsWith(push(host, 'alice/web:bad', 'alice', 'not-her-pw'), 'BERTH_REGISTRY_UNAUTHORIZED', 401);
  });

  test('a user who may only pull is DENIED, and nothing is tagged', async () => {
    await rejectsWith(push(host, 'alice/web:reader', 'reader', 'reader-pw'), 'BERTH_REGISTRY_DENIED', 401);
    await assert.rejects(inspect(`${host}/alice/web:reader`, 'alice:alice-pw'), /manifest unknown/i);
  });
});

describe('the CNCF Distribution registry', () => {
  let basic: RunningRegistry;
  let tokenRegistry: RunningRegistry;
  let issuer: RunningTokenIssuer;
  const service = 'berth-push-test';

  before(async () => {
    basic = await startDistributionRegistry({ kind: 'htpasswd', users: { alice: 'alice-pw' } });
    issuer = await startTokenIssuer({
      service,
      issuer: 'berth-push-issuer',
      users: { alice: 'alice-pw', reader: 'reader-pw' },
      grant: (user, _repository, asked) =>
        user === 'reader' ? asked.filter((action) => action === 'pull') : user ? [...asked] : [],
    });
    tokenRegistry = await startDistributionRegistry({
      kind: 'token',
      realm: issuer.realm,
      service,
      issuer: 'berth-push-issuer',
      rootCertPem: issuer.certPem,
    });
  });

  after(async () => {
    await basic?.stop();
    await tokenRegistry?.stop();
    await issuer?.stop();
  });

  test('Basic: push, then skopeo and berth pull see the same image', async () => {
    const pushed = await push(basic.host, 'team/web:1', 'alice', 'alice-pw');
    assert.deepEqual(pushed, { digest: web.image.digest, uploaded: 3, present: 0 });
    const seen = await inspect(`${basic.host}/team/web:1`, 'alice:alice-pw');
    assert.equal(seen.digest, web.image.digest);
    assert.equal(seen.manifest, Buffer.from(web.image.content.manifest.bytes).toString('utf8'));
    assert.equal(pullPage(`${basic.host}/team/web:1`, 'alice', 'alice-pw'), web.page);
  });

  test('Basic: a wrong password is UNAUTHORIZED', async () => {
    await rejectsWith(push(basic.host, 'team/web:bad', 'alice', 'wrong'), 'BERTH_REGISTRY_UNAUTHORIZED', 401);
  });

  test('token flow: the token asks for pull,push; a pull-only grant is DENIED', async () => {
    const pushed = await push(tokenRegistry.host, 'team/web:1', 'alice', 'alice-pw');
    assert.equal(pushed.digest, web.image.digest);
    assert.ok(
      issuer.requests.some(
        (r) => r.basicUser === 'alice' && r.scopes.includes('repository:team/web:pull,push'),
      ),
      JSON.stringify(issuer.requests),
    );
    assert.equal(
      (await inspect(`${tokenRegistry.host}/team/web:1`, 'alice:alice-pw')).digest,
      web.image.digest,
    );

    await rejectsWith(
      push(tokenRegistry.host, 'team/other:1', 'reader', 'reader-pw'),
      'BERTH_REGISTRY_DENIED',
      401,
    );
    await rejectsWith(
      push(tokenRegistry.host, 'team/web:bad', 'alice', 'wrong'),
      'BERTH_REGISTRY_UNAUTHORIZED',
      401,
    );
  });
});
