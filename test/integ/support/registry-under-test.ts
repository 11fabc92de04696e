// berth's registry server on real loopback HTTP, with its real stores (SQLite metadata, filesystem content), twice
// over the same state: once open to everyone, once behind registry users (Basic and Bearer). Plus the small
// documents and assertions the content and error-code tests share.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsContentStore } from '../../../src/adapters/fs-content-store/index.js';
import { type RunningHttpServer, startHttpServer } from '../../../src/adapters/node-http/index.js';
import { SqlitePersistence } from '../../../src/adapters/sqlite/index.js';
import { computeDigest, mediaTypes } from '../../../src/engines/oci/index.js';
import {
  BasicAuthorizer,
  createRegistryServer,
  type RegistryAuthorizer,
  RegistryUsers,
  TokenService,
} from '../../../src/registry/server/index.js';

export interface RegistryUnderTest {
  /** `http://127.0.0.1:PORT` of the open registry. */
  readonly open: string;
  /** The same repositories behind registry users. */
  readonly guarded: string;
  readonly users: RegistryUsers;
  readonly tokens: TokenService;
  close(): Promise<void>;
}

export async function startRegistryUnderTest(): Promise<RegistryUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-content-'));
  const persistence = new SqlitePersistence(join(dir, 'registry.sqlite'));
  const content = await FsContentStore.open(join(dir, 'content'));
  const users = new RegistryUsers(persistence);
  const tokens = new TokenService({ users });
  const serve = (authorizer?: RegistryAuthorizer) =>
    startHttpServer({
      port: 0,
      maxBodyBytes: 64 * 1024 * 1024,
      routes: [
        {
          prefix: '/v2',
          handler: createRegistryServer({ content, persistence, ...(authorizer ? { authorizer } : {}) }),
        },
      ],
    });
  const servers: RunningHttpServer[] = [await serve(), await serve(new BasicAuthorizer({ users, tokens }))];
  return {
    open: servers[0]!.url,
    guarded: servers[1]!.url,
    users,
    tokens,
    close: async () => {
      for (const server of servers) await server.close();
      persistence.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Blob {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly bytes: Buffer;
}

export function blob(mediaType: string, content: string | Buffer): Blob {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { mediaType, digest: computeDigest(bytes), size: bytes.length, bytes };
}

export interface PlainDescriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

/** A descriptor of a blob or a pushed manifest, as manifests carry it. */
export function descriptorOf(item: PlainDescriptor): PlainDescriptor {
  return { mediaType: item.mediaType, digest: item.digest, size: item.size };
}

/** Monolithic blob push (`POST …/blobs/uploads/?digest=`). */
export async function pushBlob(base: string, repository: string, item: Blob): Promise<void> {
  const response = await fetch(`${base}/v2/${repository}/blobs/uploads/?digest=${item.digest}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: item.bytes,
  });
  assert.equal(response.status, 201, `blob push to ${repository}: ${await response.text()}`);
}

export interface Manifest extends Blob {
  readonly json: Record<string, unknown>;
}

/** The bytes of a manifest document, and its descriptor. */
export function manifest(
  json: Record<string, unknown>,
  mediaType: string = mediaTypes.ociManifest,
): Manifest {
  return { ...blob(mediaType, JSON.stringify(json)), json };
}

export function imageManifest(
  config: Blob,
  layers: readonly Blob[],
  extra: Record<string, unknown> = {},
): Manifest {
  return manifest({
    schemaVersion: 2,
    mediaType: mediaTypes.ociManifest,
    config: descriptorOf(config),
    layers: layers.map(descriptorOf),
    ...extra,
  });
}

export function putManifest(
  base: string,
  repository: string,
  reference: string,
  item: Pick<Manifest, 'bytes' | 'mediaType'>,
  contentType: string | undefined = item.mediaType,
): Promise<Response> {
  return fetch(`${base}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body: item.bytes,
  });
}

export interface OciErrorBody {
  readonly code: string;
  readonly message: string;
  readonly detail: unknown;
}

/**
 * Asserts a distribution error answer (spec "Error Codes"): the status, a JSON body `{"errors":[…]}` whose every
 * entry has exactly `code`, `message` (a non-empty string) and `detail`, and `code` as the first entry's code.
 * Returns the entries.
 */
export async function expectOciError(
  response: Response,
  status: number,
  code: string,
  what = '',
): Promise<OciErrorBody[]> {
  const text = await response.text();
  assert.equal(response.status, status, `${what} status (${text})`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${what} content-type`);
  const body = JSON.parse(text) as { errors: OciErrorBody[] };
  assert.deepEqual(Object.keys(body), ['errors'], `${what} body keys`);
  assert.ok(Array.isArray(body.errors) && body.errors.length > 0, `${what} errors array`);
  for (const entry of body.errors) {
    assert.deepEqual(Object.keys(entry).sort(), ['code', 'detail', 'message'], `${what} entry keys`);
    assert.equal(typeof entry.message, 'string');
    assert.notEqual(entry.message, '');
  }
  assert.equal(body.errors[0]!.code, code, `${what} code`);
  return body.errors;
}

export function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
