// S3 object behaviour in process (S3 API reference for each operation): multipart uploads and their ETag, their
// errors, copy with metadata directives, versioning suspended, v1 listings — and that no object data outlives the
// records that name it (the body store ends empty).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { harnessRoot } from '../../testing/control-plane-harness.js';
import { s3Harness } from '../../testing/s3-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';
import { signRequest } from '../../testing/sigv4-signing.js';

const mib = 1024 * 1024;
const md5 = (data: Buffer) => createHash('md5').update(data).digest();

test('a multipart upload completes into one object whose ETag is the MD5 of the part MD5s, -N', async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'mp-bucket' }));
  const { UploadId } = await h.s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'mp-bucket', Key: 'big', ContentType: 'application/zip' }),
  );
  const parts = [Buffer.alloc(5 * mib, 1), Buffer.alloc(3, 2)];
  const etags: string[] = [];
  for (const [index, body] of parts.entries()) {
    const answer = await h.s3.send(
      new UploadPartCommand({ Bucket: 'mp-bucket', Key: 'big', UploadId, PartNumber: index + 1, Body: body }),
    );
    etags.push(answer.ETag!);
  }
  const listed = await h.s3.send(new ListPartsCommand({ Bucket: 'mp-bucket', Key: 'big', UploadId }));
  assert.deepEqual(
    listed.Parts?.map((p) => [p.PartNumber, p.Size]),
    [
      [1, 5 * mib],
      [2, 3],
    ],
  );
  const unordered = await sdkError(
    h.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'mp-bucket',
        Key: 'big',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 2, ETag: etags[1] },
            { PartNumber: 1, ETag: etags[0] },
          ],
        },
      }),
    ),
  );
  assert.equal(unordered.name, 'InvalidPartOrder');
  const done = await h.s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'mp-bucket',
      Key: 'big',
      UploadId,
      MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) },
    }),
  );
  const wanted = createHash('md5')
    .update(Buffer.concat(parts.map(md5)))
    .digest('hex');
  assert.equal(done.ETag, `"${wanted}-2"`);
  const head = await h.s3.send(new HeadObjectCommand({ Bucket: 'mp-bucket', Key: 'big' }));
  assert.equal(head.ContentLength, 5 * mib + 3);
  assert.equal(head.ContentType, 'application/zip');
  const gone = await sdkError(h.s3.send(new ListPartsCommand({ Bucket: 'mp-bucket', Key: 'big', UploadId })));
  assert.equal(gone.name, 'NoSuchUpload');
  await h.s3.send(new DeleteObjectCommand({ Bucket: 'mp-bucket', Key: 'big' }));
  await h.s3.send(new DeleteBucketCommand({ Bucket: 'mp-bucket' }));
  assert.equal(h.bodies.size, 0, 'no object data left behind');
});

test('a part under 5 MiB before the last is EntityTooSmall; an aborted upload and a deleted bucket leave nothing', async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'small-parts' }));
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: 'small-parts', Key: 'k' }));
  const a = await h.s3.send(
    new UploadPartCommand({ Bucket: 'small-parts', Key: 'k', UploadId, PartNumber: 1, Body: 'aaa' }),
  );
  const b = await h.s3.send(
    new UploadPartCommand({ Bucket: 'small-parts', Key: 'k', UploadId, PartNumber: 2, Body: 'bbb' }),
  );
  const small = await sdkError(
    h.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'small-parts',
        Key: 'k',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: a.ETag },
            { PartNumber: 2, ETag: b.ETag },
          ],
        },
      }),
    ),
  );
  assert.equal(small.name, 'EntityTooSmall');
  await h.s3.send(new AbortMultipartUploadCommand({ Bucket: 'small-parts', Key: 'k', UploadId }));
  const second = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: 'small-parts', Key: 'k' }));
  await h.s3.send(
    new UploadPartCommand({
      Bucket: 'small-parts',
      Key: 'k',
      UploadId: second.UploadId,
      PartNumber: 1,
      Body: 'x',
    }),
  );
  await h.s3.send(new DeleteBucketCommand({ Bucket: 'small-parts' }));
  assert.equal(h.bodies.size, 0);
});

test('CopyObject copies data and metadata, or replaces the metadata with REPLACE', async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'copy-bucket' }));
  await h.s3.send(
    new PutObjectCommand({
      Bucket: 'copy-bucket',
      Key: 'a b',
      Body: 'data',
      Metadata: { one: '1' },
      ContentType: 'text/plain',
    }),
  );
  await h.s3.send(
    new CopyObjectCommand({ Bucket: 'copy-bucket', Key: 'same', CopySource: 'copy-bucket/a%20b' }),
  );
  const same = await h.s3.send(new GetObjectCommand({ Bucket: 'copy-bucket', Key: 'same' }));
  assert.equal(await same.Body?.transformToString(), 'data');
  assert.deepEqual([same.Metadata, same.ContentType], [{ one: '1' }, 'text/plain']);
  await h.s3.send(
    new CopyObjectCommand({
      Bucket: 'copy-bucket',
      Key: 'replaced',
      CopySource: 'copy-bucket/a%20b',
      MetadataDirective: 'REPLACE',
      Metadata: { two: '2' },
    }),
  );
  const replaced = await h.s3.send(new HeadObjectCommand({ Bucket: 'copy-bucket', Key: 'replaced' }));
  assert.deepEqual(replaced.Metadata, { two: '2' });
  const missing = await sdkError(
    h.s3.send(new CopyObjectCommand({ Bucket: 'copy-bucket', Key: 'x', CopySource: 'copy-bucket/none' })),
  );
  assert.equal(missing.name, 'NoSuchKey');
});

test('versioning suspended: new writes replace the null version, older versions stay', async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'suspended' }));
  await h.s3.send(
    new PutBucketVersioningCommand({ Bucket: 'suspended', VersioningConfiguration: { Status: 'Enabled' } }),
  );
  const kept = await h.s3.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'v1' }));
  await h.s3.send(
    new PutBucketVersioningCommand({ Bucket: 'suspended', VersioningConfiguration: { Status: 'Suspended' } }),
  );
  await h.s3.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'v2' }));
  const last = await h.s3.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'v3' }));
  assert.equal(last.VersionId, 'null');
  const versions = await h.s3.send(new ListObjectVersionsCommand({ Bucket: 'suspended' }));
  assert.deepEqual(
    versions.Versions?.map((v) => [v.VersionId, v.IsLatest]),
    [
      ['null', true],
      [kept.VersionId, false],
    ],
  );
  assert.equal(h.bodies.size, 2, 'the replaced null version is gone with its data');
});

test('ListObjects (v1) pages with marker and NextMarker', async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'v1-bucket' }));
  for (const key of ['a/1', 'a/2', 'b', 'c']) {
    await h.s3.send(new PutObjectCommand({ Bucket: 'v1-bucket', Key: key, Body: key }));
  }
  const first = await h.s3.send(new ListObjectsCommand({ Bucket: 'v1-bucket', Delimiter: '/', MaxKeys: 2 }));
  assert.deepEqual(
    [first.CommonPrefixes?.map((p) => p.Prefix), first.Contents?.map((c) => c.Key), first.NextMarker],
    [['a/'], ['b'], 'b'],
  );
  const rest = await h.s3.send(
    new ListObjectsCommand({ Bucket: 'v1-bucket', Delimiter: '/', Marker: first.NextMarker }),
  );
  assert.deepEqual(
    rest.Contents?.map((c) => c.Key),
    ['c'],
  );
  assert.equal(rest.IsTruncated, false);
});

test("the body must hash to the signed x-amz-content-sha256, which header authentication must send (S3's SigV4)", async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'hash-bucket' }));
  /** Signed by the SDK's signer (which adds the real hash unless given one); `drop` leaves the header out after. */
  const put = async (headers: Record<string, string>, drop = false) => {
    const signed = await signRequest({
      service: 's3',
      method: 'PUT',
      path: '/hash-bucket/k',
      headers: { host: '127.0.0.1:4566', ...headers },
      body: 'data',
      accessKeyId: harnessRoot.accessKeyId,
      secretAccessKey: harnessRoot.secretAccessKey,
      time: h.clock.now(),
      uriEscapePath: false,
    });
    const sent = drop
      ? {
          ...signed,
          headers: signed.headers.filter(([name]) => name.toLowerCase() !== 'x-amz-content-sha256'),
        }
      : signed;
    const answer = await h.handle(sent);
    return { status: answer.status, code: /<Code>(\w+)<\/Code>/.exec(answer.body.toString())?.[1] };
  };
  const other = createHash('sha256').update('other').digest('hex');
  assert.deepEqual(await put({ 'x-amz-content-sha256': other }), {
    status: 400,
    code: 'XAmzContentSHA256Mismatch',
  });
  assert.deepEqual(await put({}, true), { status: 400, code: 'InvalidRequest' });
  assert.deepEqual(await put({ 'x-amz-content-sha256': 'SOMETHING' }), {
    status: 400,
    code: 'InvalidArgument',
  });
  const right = createHash('sha256').update('data').digest('hex');
  assert.deepEqual(await put({ 'x-amz-content-sha256': right }), { status: 200, code: undefined });
  assert.equal(h.bodies.size, 1, 'the refused bodies were not kept');
});
