// The registry's routes under fuzzing (issue 20): requests built from a hostile alphabet of repository names,
// references, digests, route kinds, queries, headers and bodies (manifests valid and mangled, random bytes), sent to
// the registry handler itself (every route, no auth in the way). Properties: no 5xx and no throw; every error is
// the OCI shape `{"errors":[{"code":…}]}`; a manifest PUT that succeeded reads back byte for byte.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { MemoryContentStore } from '../../../src/content/index.js';
import { MemoryPersistence } from '../../../src/ports/index.js';
import { createRegistryServer, type ServerResponse } from '../../../src/registry/server/index.js';

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
const configDigest = digestOf(config);

const manifest = (mediaType: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: configDigest,
      size: config.length,
    },
    layers: [],
    ...extra,
  });

const names = fc.oneof(
  fc.constantFrom(
    'team/app',
    'library/busybox',
    'a',
    'A',
    '..',
    'a/../b',
    'a//b',
    '-a',
    'a-',
    'a__b',
    '%2e%2e',
    'a/b/c/d/e',
  ),
  fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+)*$/),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.nat(300).map((n) => 'a'.repeat(n)),
);
const references = fc.oneof(
  fc.constantFrom(
    'latest',
    'v1',
    '',
    '.',
    '..',
    'A'.repeat(129),
    configDigest,
    'sha256:abc',
    'sha512:00',
    'sha256:' + 'g'.repeat(64),
  ),
  fc.stringMatching(/^[\w][\w.-]{0,127}$/),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const kinds = fc.constantFrom('manifests', 'blobs', 'blobs/uploads', 'tags/list', 'referrers', 'x');
const bodies = fc.oneof(
  fc.constantFrom(
    manifest('application/vnd.oci.image.manifest.v1+json'),
    manifest('application/vnd.docker.distribution.manifest.v2+json'),
    manifest('application/vnd.oci.image.manifest.v1+json', {
      subject: { digest: configDigest, size: 1, mediaType: 'x' },
    }),
    manifest('application/vnd.oci.image.index.v1+json', { manifests: [{ digest: 'sha256:00', size: -1 }] }),
    '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":{}}',
    '[]',
    'null',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const contentTypes = fc.constantFrom(
  undefined,
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'text/plain',
  'application/octet-stream',
  '',
);
const queries = fc.oneof(
  fc.constantFrom(
    '',
    `digest=${configDigest}`,
    'digest=sha256:00',
    'n=0',
    'n=-1',
    'n=99999999999',
    'last=a',
    'mount=x&from=y',
    'artifactType=%ff',
  ),
  fc.string({ maxLength: 30 }),
);

export interface RegistryCase {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

export const registryCase: fc.Arbitrary<RegistryCase> = fc
  .record({
    method: fc.constantFrom('GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS'),
    name: names,
    kind: kinds,
    reference: references,
    query: queries,
    contentType: contentTypes,
    range: fc.option(fc.constantFrom('0-0', '0-99', '5-1', 'bytes=0-1', '-1-2', '0-99999999999999999999'), {
      freq: 4,
    }),
    body: bodies,
  })
  .map(({ method, name, kind, reference, query, contentType, range, body }) => ({
    method,
    path: `/v2/${name}/${kind}/${reference}`,
    query,
    headers: [
      ...(contentType === undefined ? [] : [['content-type', contentType] as [string, string]]),
      ...(range === null ? [] : [['content-range', range] as [string, string]]),
    ],
    body: Buffer.from(body, 'latin1'),
  }));

async function bytesOf(response: ServerResponse): Promise<Buffer> {
  if (Buffer.isBuffer(response.body)) return response.body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A fresh registry handler with the config blob present; `check` gives a case's violation, or undefined. */
export async function registryUnderFuzz() {
  const content = new MemoryContentStore();
  const handler = createRegistryServer({ content, persistence: new MemoryPersistence() });
  const send = (c: RegistryCase) => handler({ ...c, remoteAddress: '127.0.0.1' });
  await send({
    method: 'POST',
    path: '/v2/team/app/blobs/uploads/',
    query: `digest=${configDigest}`,
    headers: [],
    body: config,
  });
  const check = async (c: RegistryCase): Promise<string | undefined> => {
    const response = await send(c);
    const body = await bytesOf(response);
    if (response.status >= 500) return `status ${response.status}: ${body.toString().slice(0, 300)}`;
    if (response.status >= 400 && c.method !== 'HEAD') {
      try {
        const parsed = JSON.parse(body.toString()) as { errors?: Array<{ code?: unknown }> };
        if (typeof parsed.errors?.[0]?.code !== 'string')
          return `not an OCI error: ${body.toString().slice(0, 300)}`;
      } catch {
        return `not an OCI error: ${body.toString().slice(0, 300)}`;
      }
    }
    if (c.method === 'PUT' && c.path.includes('/manifests/') && response.status === 201) {
      const read = await send({
        ...c,
        method: 'GET',
        headers: [['accept', '*/*']],
        body: Buffer.alloc(0),
        query: '',
      });
      if (read.status !== 200 || !(await bytesOf(read)).equals(c.body))
        return `manifest PUT 201 but GET ${read.status}`;
    }
    return undefined;
  };
  return { check };
}
