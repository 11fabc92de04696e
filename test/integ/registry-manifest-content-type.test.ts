// A manifest PUT's Content-Type against the body's mediaType (issue 20 item 3): the same requests against berth's
// registry and the real CNCF Distribution 2.8 (Debian docker-registry), whose status codes berth matches, and whose
// stored type berth serves back. The one kept difference (no Content-Type at all) is pinned as a difference.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mediaTypes } from '../../src/engines/oci/index.js';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import {
  type Blob,
  blob,
  descriptorOf,
  expectOciError,
  manifest,
  type RegistryUnderTest,
  startRegistryUnderTest,
} from './support/registry-under-test.js';

let distribution: RunningRegistry;
let berth: RegistryUnderTest;
const repository = 'ct/app';
const ociConfig = blob(mediaTypes.ociConfig, '{"architecture":"amd64","os":"linux"}');
const dockerConfig = blob(mediaTypes.dockerConfig, '{"architecture":"amd64","os":"linux","docker":true}');
const layer = blob(mediaTypes.ociLayerGzip, 'not really gzip, never unpacked here');
const child = manifest({
  schemaVersion: 2,
  mediaType: mediaTypes.ociManifest,
  config: descriptorOf(ociConfig),
  layers: [descriptorOf(layer)],
});

/** The two registries' bases: Distribution first. */
const bases = () => [distribution.url, berth.open] as const;

/** A blob pushed as every client can: POST a session, PUT its bytes (Distribution 2.8 has no one-request push). */
async function pushBlob(base: string, item: Blob): Promise<void> {
  const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  assert.equal(start.status, 202);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', item.digest);
  const done = await fetch(location, { method: 'PUT', body: item.bytes });
  assert.equal(done.status, 201, await done.text());
}

let tags = 0;
async function put(base: string, body: unknown, contentType: string | undefined) {
  const tag = `t${tags++}`;
  const response = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body: Buffer.from(JSON.stringify(body)),
  });
  return { tag, response };
}

before(async () => {
  [distribution, berth] = await Promise.all([
    startDistributionRegistry({ kind: 'none' }),
    startRegistryUnderTest(),
  ]);
  for (const base of bases()) {
    for (const item of [ociConfig, dockerConfig, layer]) await pushBlob(base, item);
    const { response } = await put(base, child.json, mediaTypes.ociManifest);
    assert.equal(response.status, 201);
  }
});

after(async () => {
  await distribution?.stop();
  await berth?.close();
});

const image = (mediaType: string | undefined, config: Blob) => ({
  schemaVersion: 2,
  ...(mediaType === undefined ? {} : { mediaType }),
  config: descriptorOf(config),
  layers: [descriptorOf(layer)],
});
const index = (mediaType: string | undefined) => ({
  schemaVersion: 2,
  ...(mediaType === undefined ? {} : { mediaType }),
  manifests: [descriptorOf(child)],
});

const bodies: Record<string, unknown> = {
  'OCI manifest': image(mediaTypes.ociManifest, ociConfig),
  'OCI manifest without mediaType': image(undefined, ociConfig),
  'Docker manifest': image(mediaTypes.dockerManifest, dockerConfig),
  'Docker manifest without mediaType': image(undefined, dockerConfig),
  'OCI index': index(mediaTypes.ociIndex),
  'index without mediaType': index(undefined),
  'Docker manifest list': index(mediaTypes.dockerManifestList),
};

const contentTypes = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/json',
  'application/octet-stream',
  'application/x-bogus',
  mediaTypes.ociManifest,
  `${mediaTypes.ociManifest}; charset=utf-8`,
  mediaTypes.ociManifest.toUpperCase(),
  mediaTypes.ociIndex,
  mediaTypes.dockerManifest,
  mediaTypes.dockerManifestList,
];

describe('manifest PUT: Content-Type vs the body’s mediaType, as Distribution 2.8', () => {
  test('every body × Content-Type gets Distribution’s status, and an accepted one is served as it is', async () => {
    const accept = { accept: [...Object.values(mediaTypes), '*/*'].join(', ') };
    const differences: string[] = [];
    let accepted = 0;
    for (const [what, body] of Object.entries(bodies)) {
      for (const contentType of contentTypes) {
        const [theirs, ours] = await Promise.all(bases().map((base) => put(base, body, contentType)));
        const statuses = [theirs!.response.status, ours!.response.status];
        if (statuses[0] !== statuses[1])
          differences.push(`${what} as ${contentType}: ${statuses.join(' vs ')}`);
        if (ours!.response.status !== 201) {
          await expectOciError(ours!.response, 400, 'MANIFEST_INVALID', `${what} as ${contentType}`);
          continue;
        }
        accepted++;
        const served = await Promise.all(
          [theirs!, ours!].map(async ({ tag }, i) => {
            const got = await fetch(`${bases()[i]}/v2/${repository}/manifests/${tag}`, { headers: accept });
            return got.headers.get('content-type');
          }),
        );
        assert.equal(served[1], served[0], `${what} as ${contentType}: the stored type`);
      }
    }
    assert.deepEqual(differences, []);
    assert.equal(accepted, 13, 'the cases that push (a change in the matrix shows here)');
  });

  test('text/plain with an OCI body is refused (it was accepted); a Docker type with an OCI body is refused too', async () => {
    for (const contentType of ['text/plain', mediaTypes.dockerManifest]) {
      for (const base of bases()) {
        const { response } = await put(base, bodies['OCI manifest'], contentType);
        await expectOciError(response, 400, 'MANIFEST_INVALID', `${base} ${contentType}`);
      }
    }
    const { response } = await put(berth.open, bodies['OCI manifest'], 'text/plain');
    const [entry] = await expectOciError(response, 400, 'MANIFEST_INVALID');
    assert.match(entry!.message, /"text\/plain" is not a manifest media type/);
  });

  test('a body typed as it is sent is accepted by both: OCI, and Docker with its mediaType', async () => {
    const cases: Array<[string, string]> = [
      ['OCI manifest', mediaTypes.ociManifest],
      ['OCI manifest without mediaType', mediaTypes.ociManifest],
      ['Docker manifest', mediaTypes.dockerManifest],
      ['Docker manifest list', mediaTypes.dockerManifestList],
    ];
    for (const [what, contentType] of cases) {
      for (const base of bases()) {
        const { response } = await put(base, bodies[what], contentType);
        assert.equal(response.status, 201, `${base} ${what}: ${await response.text()}`);
      }
    }
  });

  test('the kept difference: no Content-Type lets the body’s mediaType decide (Distribution refuses it)', async () => {
    const [theirs, ours] = await Promise.all(
      bases().map((base) => put(base, bodies['OCI manifest'], undefined)),
    );
    await expectOciError(theirs!.response, 400, 'MANIFEST_INVALID');
    assert.equal(ours!.response.status, 201);
  });
});
