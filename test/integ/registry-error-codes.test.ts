// Every registry error code a crafted request can reach, with its status and the JSON body the spec gives
// (distribution-spec v1.1 "Error Codes"; statuses as CNCF Distribution registers them), and the catalog as each
// caller sees it. Open registry and guarded registry share one state (support/registry-under-test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mediaTypes } from '../../src/engines/oci/index.js';
import {
  basic,
  blob,
  expectOciError,
  imageManifest,
  pushBlob,
  putManifest,
  type RegistryUnderTest,
  startRegistryUnderTest,
} from './support/registry-under-test.js';

let registry: RegistryUnderTest;
const config = blob(mediaTypes.ociConfig, '{"architecture":"amd64","os":"linux"}');
const image = imageManifest(config, []);
const repositories = ['alice/app', 'alice/tools', 'bob/app', 'shared/x', 'team/app', 'zed/secret'];
const missing = `sha256:${'0'.repeat(64)}`;

before(async () => {
  registry = await startRegistryUnderTest();
  for (const repository of repositories) {
    await pushBlob(registry.open, repository, config);
    assert.equal((await putManifest(registry.open, repository, 'v1', image)).status, 201);
  }
  registry.users.add('alice', 'alice-pw');
  registry.users.grant('alice', 'team/*', 'pull');
  registry.users.add('bob', 'bob-pw');
  registry.users.add('carol', 'carol-pw');
  registry.users.grant('carol', 'shared/*', 'push');
});

after(async () => {
  await registry?.close();
});

type Case = [what: string, path: string, init: RequestInit, status: number, code: string];

async function expectAll(base: string, cases: readonly Case[]): Promise<void> {
  for (const [what, path, init, status, code] of cases) {
    await expectOciError(await fetch(`${base}${path}`, init), status, code, what);
  }
}

describe('error codes from crafted requests', () => {
  test('blobs and uploads: BLOB_UNKNOWN, BLOB_UPLOAD_UNKNOWN, DIGEST_INVALID, RANGE_INVALID', async () => {
    const other = blob('application/octet-stream', 'not what the digest says');
    await expectAll(registry.open, [
      ['unknown blob', `/v2/team/app/blobs/${missing}`, {}, 404, 'BLOB_UNKNOWN'],
      ['DELETE unknown blob', `/v2/team/app/blobs/${missing}`, { method: 'DELETE' }, 404, 'BLOB_UNKNOWN'],
      ['unknown upload', '/v2/team/app/blobs/uploads/nope', {}, 404, 'BLOB_UPLOAD_UNKNOWN'],
      [
        'PATCH unknown upload',
        '/v2/team/app/blobs/uploads/nope',
        { method: 'PATCH', body: 'x' },
        404,
        'BLOB_UPLOAD_UNKNOWN',
      ],
      [
        'DELETE unknown upload',
        '/v2/team/app/blobs/uploads/nope',
        { method: 'DELETE' },
        404,
        'BLOB_UPLOAD_UNKNOWN',
      ],
      ['not a digest', '/v2/team/app/blobs/sha256:xyz', {}, 400, 'DIGEST_INVALID'],
      ['upper-case hex', `/v2/team/app/blobs/sha256:${'A'.repeat(64)}`, {}, 400, 'DIGEST_INVALID'],
      ['unknown algorithm', `/v2/team/app/blobs/md5:${'0'.repeat(32)}`, {}, 400, 'DIGEST_INVALID'],
      ['traversal', '/v2/team/app/blobs/sha256:..%2F..%2Fetc%2Fpasswd', {}, 400, 'DIGEST_INVALID'],
      [
        'upload under the wrong digest',
        `/v2/team/app/blobs/uploads/?digest=${config.digest}`,
        { method: 'POST', body: other.bytes },
        400,
        'DIGEST_INVALID',
      ],
      [
        'range past the end',
        `/v2/team/app/blobs/${config.digest}`,
        { headers: { range: 'bytes=9999-' } },
        416,
        'RANGE_INVALID',
      ],
    ]);
  });

  test('manifests: MANIFEST_UNKNOWN, MANIFEST_INVALID, MANIFEST_BLOB_UNKNOWN, DIGEST_INVALID', async () => {
    const headers = { 'content-type': mediaTypes.ociManifest };
    const orphan = imageManifest(blob(mediaTypes.ociConfig, '{"orphan":true}'), []);
    await expectAll(registry.open, [
      ['unknown tag', '/v2/team/app/manifests/nope', {}, 404, 'MANIFEST_UNKNOWN'],
      ['unknown digest', `/v2/team/app/manifests/${missing}`, {}, 404, 'MANIFEST_UNKNOWN'],
      ['DELETE unknown tag', '/v2/team/app/manifests/nope', { method: 'DELETE' }, 404, 'MANIFEST_UNKNOWN'],
      [
        'not accepted',
        '/v2/team/app/manifests/v1',
        { headers: { accept: mediaTypes.dockerManifest } },
        404,
        'MANIFEST_UNKNOWN',
      ],
      ['tag grammar', '/v2/team/app/manifests/-dash-first', {}, 400, 'MANIFEST_INVALID'],
      ['tag too long', `/v2/team/app/manifests/${'t'.repeat(129)}`, {}, 400, 'MANIFEST_INVALID'],
      [
        'not JSON',
        '/v2/team/app/manifests/v2',
        { method: 'PUT', headers, body: '{nope' },
        400,
        'MANIFEST_INVALID',
      ],
      [
        'missing config',
        '/v2/team/app/manifests/v2',
        { method: 'PUT', headers, body: orphan.bytes },
        400,
        'MANIFEST_BLOB_UNKNOWN',
      ],
      [
        'pushed by another digest',
        `/v2/team/app/manifests/${missing}`,
        { method: 'PUT', headers, body: image.bytes },
        400,
        'DIGEST_INVALID',
      ],
      ['bad manifest digest', '/v2/team/app/manifests/sha256:1234', {}, 400, 'DIGEST_INVALID'],
      ['bad referrers digest', '/v2/team/app/referrers/sha256:1234', {}, 400, 'DIGEST_INVALID'],
    ]);
  });

  test('names: NAME_INVALID before anything else, NAME_UNKNOWN for the tags of no repository', async () => {
    await expectAll(registry.open, [
      ['upper case', '/v2/Team/App/manifests/v1', {}, 400, 'NAME_INVALID'],
      ['too long', `/v2/${'a'.repeat(200)}/${'b'.repeat(56)}/manifests/v1`, {}, 400, 'NAME_INVALID'],
      ['empty component', '/v2/team//app/manifests/v1', {}, 400, 'NAME_INVALID'],
      ['bad percent-encoding', '/v2/team%zz/manifests/v1', {}, 400, 'NAME_INVALID'],
      ['no endpoint', '/v2/team/app', {}, 400, 'NAME_INVALID'],
      [
        'mount from a bad name',
        '/v2/team/app/blobs/uploads/?mount=x&from=Bad',
        { method: 'POST' },
        400,
        'NAME_INVALID',
      ],
      ['unknown repository', '/v2/nobody/here/tags/list', {}, 404, 'NAME_UNKNOWN'],
    ]);
    // Checked before authorization: an anonymous caller of the guarded registry learns the name is bad, not 401.
    await expectAll(registry.guarded, [
      ['anonymous, bad name', '/v2/Team/manifests/v1', {}, 400, 'NAME_INVALID'],
    ]);
    // And before storage: nothing of a refused push is there.
    const refused = await putManifest(registry.open, 'Bad/Name', 'v1', image);
    await expectOciError(refused, 400, 'NAME_INVALID');
    const catalog = (await (await fetch(`${registry.open}/v2/_catalog`)).json()) as {
      repositories: string[];
    };
    assert.deepEqual(catalog.repositories, repositories);
  });

  test('UNSUPPORTED (405) for methods an endpoint has not; PAGINATION_NUMBER_INVALID for a bad n', async () => {
    await expectAll(registry.open, [
      ['POST tags', '/v2/team/app/tags/list', { method: 'POST' }, 405, 'UNSUPPORTED'],
      ['PUT root', '/v2/', { method: 'PUT' }, 405, 'UNSUPPORTED'],
      ['DELETE catalog', '/v2/_catalog', { method: 'DELETE' }, 405, 'UNSUPPORTED'],
      ['PATCH manifest', '/v2/team/app/manifests/v1', { method: 'PATCH' }, 405, 'UNSUPPORTED'],
      ['PUT blob', `/v2/team/app/blobs/${config.digest}`, { method: 'PUT' }, 405, 'UNSUPPORTED'],
      [
        'DELETE referrers',
        `/v2/team/app/referrers/${image.digest}`,
        { method: 'DELETE' },
        405,
        'UNSUPPORTED',
      ],
      ['negative n', '/v2/team/app/tags/list?n=-1', {}, 400, 'PAGINATION_NUMBER_INVALID'],
      ['fractional n', '/v2/team/app/tags/list?n=1.5', {}, 400, 'PAGINATION_NUMBER_INVALID'],
      ['n not a number', '/v2/_catalog?n=ten', {}, 400, 'PAGINATION_NUMBER_INVALID'],
    ]);
  });

  test('UNAUTHORIZED (401, with a challenge) and DENIED (403) on the guarded registry', async () => {
    const anonymous = await fetch(`${registry.guarded}/v2/team/app/manifests/v1`);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /Basic realm=/);
    await expectOciError(anonymous, 401, 'UNAUTHORIZED');
    await expectAll(registry.guarded, [
      ['wrong password', '/v2/', { headers: basic('alice', 'wrong') }, 401, 'UNAUTHORIZED'],
      [
        'pull without a grant',
        '/v2/alice/app/manifests/v1',
        { headers: basic('bob', 'bob-pw') },
        403,
        'DENIED',
      ],
      [
        'push with a pull grant',
        '/v2/team/app/manifests/v2',
        { method: 'PUT', headers: basic('alice', 'alice-pw'), body: image.bytes },
        403,
        'DENIED',
      ],
      [
        'delete with a pull grant',
        `/v2/team/app/blobs/${config.digest}`,
        { method: 'DELETE', headers: basic('alice', 'alice-pw') },
        403,
        'DENIED',
      ],
    ]);
    const head = await fetch(`${registry.guarded}/v2/alice/app/manifests/v1`, {
      method: 'HEAD',
      headers: basic('bob', 'bob-pw'),
    });
    assert.equal(head.status, 403);
    assert.equal((await head.arrayBuffer()).byteLength, 0, 'a HEAD error has no body');
  });
});

describe('catalog: the repositories the caller may pull, paginated', () => {
  const catalog = async (base: string, query = '', headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/v2/_catalog${query}`, { headers });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { repositories: string[] };
    return { repositories: body.repositories, link: response.headers.get('link') };
  };

  test('an open registry lists everything, with n, last and Link', async () => {
    assert.deepEqual(await catalog(registry.open), { repositories, link: null });
    assert.deepEqual(await catalog(registry.open, '?n=4'), {
      repositories: repositories.slice(0, 4),
      link: '</v2/_catalog?n=4&last=shared%2Fx>; rel="next"',
    });
    assert.deepEqual(await catalog(registry.open, '?n=4&last=shared%2Fx'), {
      repositories: repositories.slice(4),
      link: null,
    });
    assert.deepEqual(await catalog(registry.open, '?n=0'), { repositories: [], link: null });
  });

  test('a registry user sees their own namespace and their grants, and pages over just those', async () => {
    await expectOciError(await fetch(`${registry.guarded}/v2/_catalog`), 401, 'UNAUTHORIZED');
    const alice = basic('alice', 'alice-pw');
    assert.deepEqual((await catalog(registry.guarded, '', alice)).repositories, [
      'alice/app',
      'alice/tools',
      'team/app',
    ]);
    assert.deepEqual(await catalog(registry.guarded, '?n=2', alice), {
      repositories: ['alice/app', 'alice/tools'],
      link: '</v2/_catalog?n=2&last=alice%2Ftools>; rel="next"',
    });
    assert.deepEqual(await catalog(registry.guarded, '?n=2&last=alice%2Ftools', alice), {
      repositories: ['team/app'],
      link: null,
    });
    assert.deepEqual((await catalog(registry.guarded, '', basic('bob', 'bob-pw'))).repositories, ['bob/app']);
    assert.deepEqual((await catalog(registry.guarded, '', basic('carol', 'carol-pw'))).repositories, [
      'shared/x',
    ]);
  });

  test('with a Bearer token, only the repositories the token grants', async () => {
    const { token } = await registry.tokens.issue('alice', [
      'repository:team/app:pull',
      'repository:zed/secret:pull',
    ]);
    const listed = await catalog(registry.guarded, '', { authorization: `Bearer ${token}` });
    assert.deepEqual(listed.repositories, ['team/app'], 'zed/secret was asked for but not granted');
  });
});
