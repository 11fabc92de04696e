// The route table through the registry handler itself (no HTTP): every (route × method) reaches the authorizer
// with the access the table names — repository, coarse action (unchanged from before the table: registry grants and
// Bearer scopes decide on it) and endpoint — and a method a route has not is 405 UNSUPPORTED before any
// authorization.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryContentStore } from '../../content/index.js';
import { computeDigest, mediaTypes } from '../../engines/oci/index.js';
import { type RegistryEndpoint, registryEndpoints } from '../../engines/registry-auth/index.js';
import { MemoryPersistence } from '../../ports/index.js';
import { OciError } from './oci-errors.js';
import type { RegistryAccess, RegistryAuthorizer } from './registry-access.js';
import { createRegistryServer } from './registry-server.js';

const digest = computeDigest(Buffer.from('x'));

/** A registry whose authorizer records every access it is asked about, then refuses (so nothing is touched). */
function recording() {
  const seen: RegistryAccess[] = [];
  const authorizer: RegistryAuthorizer = {
    authorize: async (_request, access) => {
      seen.push(access);
      if (access.endpoint !== 'mount' && access.endpoint !== 'mount-source') throw new OciError('DENIED');
    },
  };
  const handler = createRegistryServer({
    content: new MemoryContentStore(),
    persistence: new MemoryPersistence(),
    authorizer,
  });
  const send = async (method: string, target: string) => {
    seen.length = 0;
    const [path, query = ''] = target.split('?') as [string, string?];
    const response = await handler({
      method,
      path,
      query,
      headers: [],
      body: Buffer.alloc(0),
      remoteAddress: '127.0.0.1',
    });
    return { status: response.status, seen: [...seen] };
  };
  return { send };
}

type Action = RegistryAccess['action'];
type Row = [method: string, path: string, repository: string | undefined, action: Action, RegistryEndpoint];

// The coarse actions are those the route switch asked before the table.
const rows: Row[] = [
  ['GET', '/v2/', undefined, 'pull', 'api-root'],
  ['HEAD', '/v2/', undefined, 'pull', 'api-root'],
  ['GET', '/v2/_catalog', undefined, 'pull', 'catalog'],
  ['GET', '/v2/a/b/tags/list', 'a/b', 'pull', 'tags-list'],
  ['GET', `/v2/a/b/referrers/${digest}`, 'a/b', 'pull', 'referrers'],
  ['GET', '/v2/a/b/manifests/v1', 'a/b', 'pull', 'manifest-get'],
  ['HEAD', `/v2/a/b/manifests/${digest}`, 'a/b', 'pull', 'manifest-head'],
  ['PUT', '/v2/a/b/manifests/v1', 'a/b', 'push', 'manifest-put'],
  ['DELETE', `/v2/a/b/manifests/${digest}`, 'a/b', 'delete', 'manifest-delete'],
  ['GET', `/v2/a/b/blobs/${digest}`, 'a/b', 'pull', 'blob-get'],
  ['HEAD', `/v2/a/b/blobs/${digest}`, 'a/b', 'pull', 'blob-head'],
  ['DELETE', `/v2/a/b/blobs/${digest}`, 'a/b', 'delete', 'blob-delete'],
  ['POST', '/v2/a/b/blobs/uploads/', 'a/b', 'push', 'upload-start'],
  ['POST', `/v2/a/b/blobs/uploads/?digest=${digest}`, 'a/b', 'push', 'upload-monolithic'],
  ['GET', '/v2/a/b/blobs/uploads/u1', 'a/b', 'push', 'upload-status'],
  ['PATCH', '/v2/a/b/blobs/uploads/u1', 'a/b', 'push', 'upload-chunk'],
  ['PUT', `/v2/a/b/blobs/uploads/u1?digest=${digest}`, 'a/b', 'push', 'upload-complete'],
  ['DELETE', '/v2/a/b/blobs/uploads/u1', 'a/b', 'push', 'upload-cancel'],
];

describe('route table', () => {
  test('each request asks the authorizer once, for its endpoint and the coarse action it always needed', async () => {
    const { send } = recording();
    for (const [method, path, repository, action, endpoint] of rows) {
      const { status, seen } = await send(method, path);
      assert.equal(status, 403, `${method} ${path}`);
      assert.deepEqual(seen, [{ repository, action, endpoint }], `${method} ${path}`);
    }
  });

  test('every endpoint but the mount pair is reached by a request of its own', () => {
    const reached = new Set(rows.map((row) => row[4]));
    const rest = Object.keys(registryEndpoints).filter((e) => !reached.has(e as RegistryEndpoint));
    assert.deepEqual(rest.sort(), ['mount', 'mount-source']);
  });

  test('a mount asks for the target, then the source (its name checked first), then any upload it falls back to', async () => {
    const { send } = recording();
    const mount = await send('POST', `/v2/a/b/blobs/uploads/?mount=${digest}&from=c/d`);
    assert.equal(mount.status, 202, 'nothing to mount: a session opens');
    assert.deepEqual(mount.seen, [
      { repository: 'a/b', action: 'push', endpoint: 'mount' },
      { repository: 'c/d', action: 'pull', endpoint: 'mount-source' },
    ]);
    const monolithic = await send('POST', `/v2/a/b/blobs/uploads/?mount=${digest}&from=c/d&digest=${digest}`);
    assert.deepEqual(monolithic.seen, [
      { repository: 'a/b', action: 'push', endpoint: 'mount' },
      { repository: 'c/d', action: 'pull', endpoint: 'mount-source' },
      { repository: 'a/b', action: 'push', endpoint: 'upload-monolithic' },
    ]);
    const badSource = await send('POST', `/v2/a/b/blobs/uploads/?mount=${digest}&from=C/D`);
    assert.equal(badSource.status, 400);
    assert.deepEqual(badSource.seen, []);
    // `from` without `mount` is no mount: a plain upload start.
    const noMount = await send('POST', '/v2/a/b/blobs/uploads/?from=c/d');
    assert.deepEqual(noMount.seen, [{ repository: 'a/b', action: 'push', endpoint: 'upload-start' }]);
  });

  test('the catalog filters its answer with one catalog access per repository', async () => {
    const persistence = new MemoryPersistence();
    const open = createRegistryServer({ content: new MemoryContentStore(), persistence });
    const request = { headers: [], remoteAddress: '127.0.0.1', query: '' } as const;
    const upload = await open({
      ...request,
      method: 'POST',
      path: '/v2/x/y/blobs/uploads/',
      query: `digest=${digest}`,
      body: Buffer.from('x'),
    });
    assert.equal(upload.status, 201);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociManifest,
      config: { mediaType: mediaTypes.ociConfig, digest, size: 1 },
      layers: [],
    });
    const put = await open({
      ...request,
      method: 'PUT',
      path: '/v2/x/y/manifests/v1',
      headers: [['Content-Type', mediaTypes.ociManifest]],
      body: Buffer.from(manifest),
    });
    assert.equal(put.status, 201);
    const seen: RegistryAccess[] = [];
    const guarded = createRegistryServer({
      content: new MemoryContentStore(),
      persistence,
      authorizer: { authorize: async (_r, access) => void seen.push(access) },
    });
    await guarded({ ...request, method: 'GET', path: '/v2/_catalog', body: Buffer.alloc(0) });
    assert.deepEqual(seen, [
      { repository: undefined, action: 'pull', endpoint: 'catalog' },
      { repository: 'x/y', action: 'pull', endpoint: 'catalog' },
    ]);
  });

  test('a method a route has not is 405 UNSUPPORTED with today’s text, before authorization', async () => {
    const { send } = recording();
    const cases: Array<[string, string]> = [
      ['PUT', '/v2/'],
      ['DELETE', '/v2/_catalog'],
      ['POST', '/v2/a/b/tags/list'],
      ['DELETE', `/v2/a/b/referrers/${digest}`],
      ['PATCH', '/v2/a/b/manifests/v1'],
      ['POST', '/v2/a/b/manifests/v1'],
      ['PUT', `/v2/a/b/blobs/${digest}`],
      ['GET', '/v2/a/b/blobs/uploads/'],
      ['DELETE', '/v2/a/b/blobs/uploads/'],
      ['POST', '/v2/a/b/blobs/uploads/u1'],
      ['HEAD', '/v2/a/b/blobs/uploads/u1'],
      ['OPTIONS', '/v2/a/b/manifests/v1'],
      ['constructor', '/v2/'],
      ['__proto__', '/v2/'],
    ];
    const handler = createRegistryServer({
      content: new MemoryContentStore(),
      persistence: new MemoryPersistence(),
    });
    for (const [method, path] of cases) {
      const { status, seen } = await send(method, path);
      assert.equal(status, 405, `${method} ${path}`);
      assert.deepEqual(seen, [], `${method} ${path}`);
      const answer = await handler({
        method,
        path,
        query: '',
        headers: [],
        body: Buffer.alloc(0),
        remoteAddress: '',
      });
      if (method === 'HEAD') continue;
      assert.ok(Buffer.isBuffer(answer.body));
      assert.deepEqual(JSON.parse(answer.body.toString()), {
        errors: [{ code: 'UNSUPPORTED', message: `${method} is not supported here`, detail: null }],
      });
    }
  });
});
