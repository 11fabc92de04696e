// berth's registry against what the OCI distribution conformance suite checks (distribution-spec v1.1
// "Conformance": Pull, Push, Content Discovery, Content Management), restated as our own tests over real loopback
// HTTP with the real stores. reference/registry-protocol.md §1.1 lists the endpoints (end-1 … end-14).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { computeDigest, maxManifestBytes, mediaTypes } from '../../src/engines/oci/index.js';
import {
  blob,
  descriptorOf,
  expectOciError,
  imageManifest,
  type Manifest,
  manifest,
  pushBlob,
  putManifest,
  type RegistryUnderTest,
  startRegistryUnderTest,
} from './support/registry-under-test.js';

let registry: RegistryUnderTest;
const url = (path: string) => `${registry.open}${path}`;

const config = blob(
  mediaTypes.ociConfig,
  JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
);
const layer = blob(mediaTypes.ociLayerGzip, randomBytes(4096));
const image = imageManifest(config, [layer]);

before(async () => {
  registry = await startRegistryUnderTest();
  for (const repository of ['conf/app', 'conf/big', 'conf/tags', 'conf/paged', 'conf/del']) {
    for (const item of [config, layer]) await pushBlob(registry.open, repository, item);
  }
  assert.equal((await putManifest(registry.open, 'conf/app', 'v1', image)).status, 201);
});

after(async () => {
  await registry?.close();
});

describe('pull (spec "Pulling manifests", "Pulling blobs", "Checking if content exists")', () => {
  test('HEAD and GET a manifest by tag and by digest: 200, the exact bytes, Docker-Content-Digest', async () => {
    for (const reference of ['v1', image.digest]) {
      const head = await fetch(url(`/v2/conf/app/manifests/${reference}`), { method: 'HEAD' });
      assert.equal(head.status, 200, reference);
      assert.equal(head.headers.get('docker-content-digest'), image.digest);
      assert.equal(head.headers.get('content-length'), String(image.size));
      assert.equal(head.headers.get('content-type'), mediaTypes.ociManifest);
      const get = await fetch(url(`/v2/conf/app/manifests/${reference}`), {
        headers: { accept: `${mediaTypes.ociManifest}, ${mediaTypes.ociIndex}` },
      });
      assert.equal(get.status, 200);
      assert.equal(get.headers.get('docker-content-digest'), image.digest);
      assert.deepEqual(Buffer.from(await get.arrayBuffer()), image.bytes);
    }
  });

  test('HEAD and GET a blob: 200 and the bytes, whose digest is Docker-Content-Digest', async () => {
    const head = await fetch(url(`/v2/conf/app/blobs/${layer.digest}`), { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(layer.size));
    const get = await fetch(url(`/v2/conf/app/blobs/${layer.digest}`));
    const bytes = Buffer.from(await get.arrayBuffer());
    assert.equal(computeDigest(bytes), get.headers.get('docker-content-digest'));
    assert.deepEqual(bytes, layer.bytes);
  });

  test('what is not there is 404: MANIFEST_UNKNOWN and BLOB_UNKNOWN, HEAD without a body', async () => {
    const missing = `sha256:${'a'.repeat(64)}`;
    await expectOciError(await fetch(url('/v2/conf/app/manifests/nope')), 404, 'MANIFEST_UNKNOWN');
    await expectOciError(await fetch(url(`/v2/conf/app/manifests/${missing}`)), 404, 'MANIFEST_UNKNOWN');
    await expectOciError(await fetch(url(`/v2/conf/app/blobs/${missing}`)), 404, 'BLOB_UNKNOWN');
    await expectOciError(await fetch(url(`/v2/conf/other/blobs/${layer.digest}`)), 404, 'BLOB_UNKNOWN');
    const head = await fetch(url(`/v2/conf/app/manifests/${missing}`), { method: 'HEAD' });
    assert.equal(head.status, 404);
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  });
});

describe('push (spec "Pushing Manifests")', () => {
  test('by tag and by digest: 201 with Location and Docker-Content-Digest; only the tag push tags', async () => {
    const other = imageManifest(config, [layer], { annotations: { n: 'by-digest' } });
    const byDigest = await putManifest(url(''), 'conf/app', other.digest, other);
    assert.equal(byDigest.status, 201);
    assert.equal(byDigest.headers.get('location'), `/v2/conf/app/manifests/${other.digest}`);
    assert.equal(byDigest.headers.get('docker-content-digest'), other.digest);
    assert.equal(byDigest.headers.get('oci-subject'), null, 'no subject, no OCI-Subject');
    const tags = (await (await fetch(url('/v2/conf/app/tags/list'))).json()) as { tags: string[] };
    assert.deepEqual(tags.tags, ['v1']);
    assert.equal((await fetch(url(`/v2/conf/app/manifests/${other.digest}`))).status, 200);
  });

  test('the exact bytes are kept (odd whitespace), and a sha512 digest reference is honoured', async () => {
    const text = `{ "schemaVersion":2,\n\t"mediaType": "${mediaTypes.ociManifest}", "config": ${JSON.stringify(descriptorOf(config))}, "layers": [] }\n`;
    const odd = { bytes: Buffer.from(text), mediaType: mediaTypes.ociManifest };
    const sha512 = computeDigest(odd.bytes, 'sha512');
    const put = await putManifest(url(''), 'conf/app', sha512, odd);
    assert.equal(put.status, 201, await put.text());
    assert.equal(put.headers.get('docker-content-digest'), sha512);
    const got = await fetch(url(`/v2/conf/app/manifests/${sha512}`));
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), odd.bytes);
  });

  test('without a Content-Type the body’s mediaType decides; a different Content-Type is MANIFEST_INVALID', async () => {
    const plain = imageManifest(config, [], { annotations: { n: 'no-content-type' } });
    assert.equal((await putManifest(url(''), 'conf/app', 'plain', plain, undefined)).status, 201);
    const head = await fetch(url('/v2/conf/app/manifests/plain'), { method: 'HEAD' });
    assert.equal(head.headers.get('content-type'), mediaTypes.ociManifest);
    const refused = await putManifest(url(''), 'conf/app', 'mismatch', plain, mediaTypes.dockerManifest);
    const [entry] = await expectOciError(refused, 400, 'MANIFEST_INVALID');
    assert.match(entry!.message, /differs from the Content-Type/);
  });

  test('4 MiB is accepted; one byte more is 413 MANIFEST_INVALID and nothing is stored', async () => {
    const padded = (size: number): Manifest => {
      const base = imageManifest(config, [], { annotations: { pad: '' } }).bytes.length;
      return imageManifest(config, [], { annotations: { pad: 'x'.repeat(size - base) } });
    };
    const largest = padded(maxManifestBytes);
    assert.equal(largest.size, maxManifestBytes);
    assert.equal((await putManifest(url(''), 'conf/big', 'largest', largest)).status, 201);
    const tooBig = padded(maxManifestBytes + 1);
    const [entry] = await expectOciError(
      await putManifest(url(''), 'conf/big', 'too-big', tooBig),
      413,
      'MANIFEST_INVALID',
    );
    assert.equal((entry!.detail as { limit: number }).limit, maxManifestBytes);
    await expectOciError(await fetch(url('/v2/conf/big/manifests/too-big')), 404, 'MANIFEST_UNKNOWN');
  });

  test('missing config and layers: one MANIFEST_BLOB_UNKNOWN each, with its digest; nothing stored', async () => {
    const absentConfig = blob(mediaTypes.ociConfig, '{"absent":1}');
    const absent = [blob(mediaTypes.ociLayerGzip, 'one'), blob(mediaTypes.ociLayerGzip, 'two')];
    const broken = imageManifest(absentConfig, [layer, ...absent]);
    const errors = await expectOciError(
      await putManifest(url(''), 'conf/app', 'broken', broken),
      400,
      'MANIFEST_BLOB_UNKNOWN',
    );
    assert.deepEqual(
      errors.map((e) => [e.code, e.detail]),
      [absentConfig, ...absent].map((b) => ['MANIFEST_BLOB_UNKNOWN', { digest: b.digest }]),
    );
    await expectOciError(await fetch(url('/v2/conf/app/manifests/broken')), 404, 'MANIFEST_UNKNOWN');
    // A blob of another repository does not count: content is per repository.
    await pushBlob(url(''), 'conf/elsewhere', absentConfig);
    const elsewhere = imageManifest(absentConfig, []);
    await expectOciError(
      await putManifest(url(''), 'conf/app', 'elsewhere', elsewhere),
      400,
      'MANIFEST_BLOB_UNKNOWN',
    );
  });

  test('a foreign layer with urls need not be here; one without urls must be', async () => {
    const foreign = {
      mediaType: mediaTypes.dockerForeignLayerGzip,
      digest: computeDigest(Buffer.from('windows base layer')),
      size: 18,
    };
    const withUrls = imageManifest(config, [], {
      layers: [{ ...foreign, urls: ['https://mcr.example/layer.tar.gz'] }],
    });
    assert.equal((await putManifest(url(''), 'conf/app', 'foreign', withUrls)).status, 201);
    const withoutUrls = imageManifest(config, [], { layers: [foreign] });
    await expectOciError(
      await putManifest(url(''), 'conf/app', 'foreign-no-urls', withoutUrls),
      400,
      'MANIFEST_BLOB_UNKNOWN',
    );
  });

  test('an index needs its child manifests in the repository', async () => {
    const index = (children: Manifest[]) =>
      manifest(
        { schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: children.map(descriptorOf) },
        mediaTypes.ociIndex,
      );
    const unpushed = imageManifest(config, [], { annotations: { n: 'never pushed' } });
    const [entry] = await expectOciError(
      await putManifest(url(''), 'conf/app', 'index-broken', index([image, unpushed])),
      400,
      'MANIFEST_BLOB_UNKNOWN',
    );
    assert.deepEqual(entry!.detail, { digest: unpushed.digest });
    const good = await putManifest(url(''), 'conf/app', 'index', index([image]));
    assert.equal(good.status, 201);
    const got = await fetch(url('/v2/conf/app/manifests/index'), {
      headers: { accept: mediaTypes.ociIndex },
    });
    assert.equal(got.headers.get('content-type'), mediaTypes.ociIndex);
  });

  test('malformed documents are MANIFEST_INVALID: ambiguous (CVE-2021-41190), schema 1, not a manifest', async () => {
    const ambiguous = manifest({
      schemaVersion: 2,
      config: descriptorOf(config),
      layers: [],
      manifests: [descriptorOf(image)],
    });
    const schema1 = manifest({ schemaVersion: 1, name: 'conf/app', tag: 'old', fsLayers: [] });
    const cases: Array<[string, Pick<Manifest, 'bytes' | 'mediaType'>, string]> = [
      ['ambiguous', ambiguous, mediaTypes.ociManifest],
      ['schema1', schema1, mediaTypes.dockerSchema1SignedManifest],
      ['config-type', imageManifest(config, [], { mediaType: undefined }), mediaTypes.ociConfig],
      ['not-json', { bytes: Buffer.from('{"schemaVersion":2,'), mediaType: '' }, mediaTypes.ociManifest],
    ];
    for (const [tag, item, contentType] of cases) {
      await expectOciError(
        await putManifest(url(''), 'conf/app', tag, item, contentType),
        400,
        'MANIFEST_INVALID',
        tag,
      );
    }
  });
});

describe('content discovery (spec "Listing Tags", "Listing Referrers")', () => {
  test('tags: ASCIIbetical, n and last, Link to the next page, n=0 empty without Link', async () => {
    const tags = ['b', 'A', 'a', 'c-1', 'c.0', '_x'];
    for (const tag of tags) assert.equal((await putManifest(url(''), 'conf/tags', tag, image)).status, 201);
    const sorted = [...tags].sort();
    assert.deepEqual(sorted, ['A', '_x', 'a', 'b', 'c-1', 'c.0']);
    const all = await fetch(url('/v2/conf/tags/tags/list'));
    assert.deepEqual(await all.json(), { name: 'conf/tags', tags: sorted });
    assert.equal(all.headers.get('link'), null);
    const first = await fetch(url('/v2/conf/tags/tags/list?n=4'));
    assert.deepEqual(((await first.json()) as { tags: string[] }).tags, sorted.slice(0, 4));
    assert.equal(first.headers.get('link'), '</v2/conf/tags/tags/list?n=4&last=b>; rel="next"');
    const second = await fetch(url('/v2/conf/tags/tags/list?n=4&last=b'));
    assert.deepEqual(((await second.json()) as { tags: string[] }).tags, ['c-1', 'c.0']);
    assert.equal(second.headers.get('link'), null, 'no Link on the last page');
    const exact = await fetch(url('/v2/conf/tags/tags/list?n=6'));
    assert.equal(exact.headers.get('link'), null, 'no Link when exactly n remain');
    const none = await fetch(url('/v2/conf/tags/tags/list?n=0'));
    assert.deepEqual(((await none.json()) as { tags: string[] }).tags, []);
    assert.equal(none.headers.get('link'), null);
    const lastOnly = await fetch(url('/v2/conf/tags/tags/list?last=a'));
    assert.deepEqual(((await lastOnly.json()) as { tags: string[] }).tags, ['b', 'c-1', 'c.0']);
  });

  test('referrers: an OCI index of the manifests whose subject is the digest, artifactType as the spec says', async () => {
    const empty = blob(mediaTypes.ociEmpty, '{}');
    const sbomLayer = blob('application/vnd.example.sbom.v1+json', '{"packages":[]}');
    const sigConfig = blob('application/vnd.example.signature.config.v1+json', '{"key":"k"}');
    for (const item of [empty, sbomLayer, sigConfig]) await pushBlob(url(''), 'conf/app', item);
    const subject = descriptorOf(image);
    const sbom = imageManifest(empty, [sbomLayer], {
      artifactType: 'application/vnd.example.sbom.v1',
      subject,
      annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' },
    });
    const signature = imageManifest(sigConfig, [], { subject });
    const indexReferrer = manifest(
      {
        schemaVersion: 2,
        mediaType: mediaTypes.ociIndex,
        manifests: [],
        subject,
        annotations: { kind: 'idx' },
      },
      mediaTypes.ociIndex,
    );
    for (const item of [sbom, signature, indexReferrer]) {
      const put = await putManifest(url(''), 'conf/app', item.digest, item);
      assert.equal(put.status, 201);
      assert.equal(
        put.headers.get('oci-subject'),
        image.digest,
        'the registry says it processed the subject',
      );
    }
    const response = await fetch(url(`/v2/conf/app/referrers/${image.digest}`));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), mediaTypes.ociIndex);
    assert.equal(response.headers.get('oci-filters-applied'), null);
    const expected = [
      {
        ...descriptorOf(sbom),
        artifactType: 'application/vnd.example.sbom.v1',
        annotations: sbom.json.annotations,
      },
      { ...descriptorOf(signature), artifactType: sigConfig.mediaType },
      { ...descriptorOf(indexReferrer), annotations: { kind: 'idx' } },
    ].sort((a, b) => String(a.digest).localeCompare(String(b.digest)));
    assert.deepEqual(await response.json(), {
      schemaVersion: 2,
      mediaType: mediaTypes.ociIndex,
      manifests: expected,
    });
    const filtered = await fetch(
      url(`/v2/conf/app/referrers/${image.digest}?artifactType=application/vnd.example.sbom.v1`),
    );
    assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
    const body = (await filtered.json()) as { manifests: Array<{ digest: string }> };
    assert.deepEqual(
      body.manifests.map((m) => m.digest),
      [sbom.digest],
    );
    // Referrers are per repository.
    const elsewhere = await fetch(url(`/v2/conf/tags/referrers/${image.digest}`));
    assert.deepEqual(((await elsewhere.json()) as { manifests: unknown[] }).manifests, []);
  });

  test('referrers: the subject need not exist; no referrers or no repository is an empty index, never 404', async () => {
    const ghost = `sha256:${'e'.repeat(64)}`;
    const early = imageManifest(config, [], {
      subject: { mediaType: mediaTypes.ociManifest, digest: ghost, size: 10 },
    });
    const put = await putManifest(url(''), 'conf/app', early.digest, early);
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('oci-subject'), ghost);
    const listed = (await (await fetch(url(`/v2/conf/app/referrers/${ghost}`))).json()) as {
      manifests: Array<{ digest: string }>;
    };
    assert.deepEqual(
      listed.manifests.map((m) => m.digest),
      [early.digest],
    );
    for (const path of [`/v2/conf/app/referrers/${layer.digest}`, `/v2/no/such-repo/referrers/${ghost}`]) {
      const response = await fetch(url(path));
      assert.equal(response.status, 200, path);
      assert.deepEqual(await response.json(), {
        schemaVersion: 2,
        mediaType: mediaTypes.ociIndex,
        manifests: [],
      });
    }
    await expectOciError(await fetch(url('/v2/conf/app/referrers/sha256:nothex')), 400, 'DIGEST_INVALID');
  });

  test('referrers beyond one 4 MiB index are paged with Link (rel="next")', async () => {
    const subject = { mediaType: mediaTypes.ociManifest, digest: `sha256:${'d'.repeat(64)}`, size: 1 };
    const big = [1, 2, 3].map((n) =>
      imageManifest(config, [], { subject, annotations: { n: String(n), pad: 'p'.repeat(1_600_000) } }),
    );
    for (const item of big)
      assert.equal((await putManifest(url(''), 'conf/paged', item.digest, item)).status, 201);
    const seen: string[] = [];
    let next: string | undefined = `/v2/conf/paged/referrers/${subject.digest}`;
    let pages = 0;
    while (next !== undefined) {
      const response = await fetch(url(next));
      const body = (await response.json()) as { manifests: Array<{ digest: string }> };
      assert.ok(body.manifests.length > 0);
      seen.push(...body.manifests.map((m) => m.digest));
      pages++;
      next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
    }
    assert.equal(pages, 2, 'three 1.6 MB descriptors need two pages');
    assert.deepEqual(seen, big.map((m) => m.digest).sort());
  });
});

describe('content management (spec "Deleting tags", "Deleting Manifests", "Deleting Blobs")', () => {
  test('DELETE by tag removes the tag only; by digest, the manifest and every tag on it', async () => {
    const item = imageManifest(config, [layer], { annotations: { n: 'to delete' } });
    for (const tag of ['one', 'two'])
      assert.equal((await putManifest(url(''), 'conf/del', tag, item)).status, 201);
    const untag = await fetch(url('/v2/conf/del/manifests/one'), { method: 'DELETE' });
    assert.equal(untag.status, 202);
    await expectOciError(await fetch(url('/v2/conf/del/manifests/one')), 404, 'MANIFEST_UNKNOWN');
    assert.equal((await fetch(url(`/v2/conf/del/manifests/${item.digest}`))).status, 200);
    const removed = await fetch(url(`/v2/conf/del/manifests/${item.digest}`), { method: 'DELETE' });
    assert.equal(removed.status, 202);
    await expectOciError(await fetch(url(`/v2/conf/del/manifests/${item.digest}`)), 404, 'MANIFEST_UNKNOWN');
    await expectOciError(await fetch(url('/v2/conf/del/manifests/two')), 404, 'MANIFEST_UNKNOWN');
    const tags = (await (await fetch(url('/v2/conf/del/tags/list'))).json()) as { tags: string[] };
    assert.deepEqual(tags.tags, []);
    const again = await fetch(url(`/v2/conf/del/manifests/${item.digest}`), { method: 'DELETE' });
    await expectOciError(again, 404, 'MANIFEST_UNKNOWN');
    await expectOciError(
      await fetch(url('/v2/conf/del/manifests/one'), { method: 'DELETE' }),
      404,
      'MANIFEST_UNKNOWN',
    );
  });

  test('DELETE of a referrer takes it out of its subject’s referrers', async () => {
    const subject = descriptorOf(image);
    const referrer = imageManifest(config, [], { subject, annotations: { n: 'short-lived' } });
    assert.equal((await putManifest(url(''), 'conf/del', referrer.digest, referrer)).status, 201);
    const digests = async () =>
      (
        (await (await fetch(url(`/v2/conf/del/referrers/${image.digest}`))).json()) as {
          manifests: Array<{ digest: string }>;
        }
      ).manifests.map((m) => m.digest);
    assert.deepEqual(await digests(), [referrer.digest]);
    assert.equal(
      (await fetch(url(`/v2/conf/del/manifests/${referrer.digest}`), { method: 'DELETE' })).status,
      202,
    );
    assert.deepEqual(await digests(), []);
  });

  test('DELETE of a blob: 202, then BLOB_UNKNOWN for GET and for a second DELETE', async () => {
    const item = blob(mediaTypes.ociLayerGzip, 'blob to delete');
    await pushBlob(url(''), 'conf/del', item);
    assert.equal((await fetch(url(`/v2/conf/del/blobs/${item.digest}`), { method: 'DELETE' })).status, 202);
    await expectOciError(await fetch(url(`/v2/conf/del/blobs/${item.digest}`)), 404, 'BLOB_UNKNOWN');
    await expectOciError(
      await fetch(url(`/v2/conf/del/blobs/${item.digest}`), { method: 'DELETE' }),
      404,
      'BLOB_UNKNOWN',
    );
  });
});
