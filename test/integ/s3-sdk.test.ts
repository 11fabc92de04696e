// S3 over HTTP against a real `berth up` with @aws-sdk/client-s3 (path-style, as the CDK CLI forces for a loopback
// endpoint, ref cloudformation-cdk §1.1): buckets and their settings, objects with checksums, ranges and
// conditions, a stream (aws-chunked with a trailing checksum), a chunk-signed upload
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), a presigned GET, and a versioned bucket emptied and deleted.
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { presignRequest, signRequest } from '../../src/testing/sigv4-signing.js';
import { type BerthProcess, startBerth, stateFileTexts } from './berth-process.js';

describe('S3 through the AWS SDK against berth up', () => {
  let berth: BerthProcess;
  let s3: S3Client;
  const bucket = 'cdk-hnb659fds-assets-000000000000-us-east-1';

  before(async () => {
    berth = await startBerth();
    s3 = new S3Client({
      endpoint: berth.endpoint,
      region: berth.region,
      credentials: berth.credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
  });
  after(async () => {
    s3?.destroy();
    await berth?.stop();
  });

  test('a bucket is created once, found, located and listed; names are checked (ref cloudformation-cdk §1.4)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: bucket }));
    assert.equal(location.LocationConstraint, undefined, 'us-east-1 is the empty LocationConstraint');
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    assert.deepEqual(
      Buckets?.map((b) => b.Name),
      [bucket],
    );
    await assert.rejects(s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' })), {
      name: 'InvalidBucketName',
    });
    await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })), { name: 'NotFound' });
    await assert.rejects(
      s3.send(new GetBucketLocationCommand({ Bucket: 'no-such-bucket' })),
      (error: Error) => {
        assert.equal(error.name, 'NoSuchBucket');
        assert.equal(error.message, 'The specified bucket does not exist');
        return true;
      },
    );
  });

  test('default encryption is SSE-S3 until set; aws:kms is recorded and answered on objects', async () => {
    const before = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    assert.equal(
      before.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
      'AES256',
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
        },
      }),
    );
    const after = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    assert.equal(
      after.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
      'aws:kms',
    );
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'enc.json', Body: '{}' }));
    assert.equal(put.ServerSideEncryption, 'aws:kms');
  });

  test('PutObject with a SHA-256 checksum as the CDK CLI sends it; GetObject, Range, If-None-Match, HeadObject', async () => {
    const body = '{"Resources":{}}';
    const sha256 = createHash('sha256').update(body).digest('base64');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'templates/a b+c.json',
        Body: body,
        ChecksumSHA256: sha256,
        ContentType: 'application/json',
        Metadata: { origin: 'test' },
      }),
    );
    assert.equal(put.ETag, `"${createHash('md5').update(body).digest('hex')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'templates/a b+c.json' }));
    assert.equal(await got.Body?.transformToString(), body);
    assert.equal(got.ContentType, 'application/json');
    assert.deepEqual(got.Metadata, { origin: 'test' });
    const range = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'templates/a b+c.json', Range: 'bytes=2-10' }),
    );
    assert.equal(await range.Body?.transformToString(), body.slice(2, 11));
    assert.equal(range.ContentRange, `bytes 2-10/${body.length}`);
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'templates/a b+c.json', IfNoneMatch: put.ETag })),
      (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode === 304,
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'templates/a b+c.json' }));
    assert.equal(head.ContentLength, body.length);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'none' })), (error: Error) => {
      assert.equal(error.name, 'NoSuchKey');
      return true;
    });
  });

  test('object data is encrypted at rest: no file of the state dir holds it (S3 encrypts every object, SSE-S3)', async () => {
    const secret = `{"password":"${randomBytes(18).toString('base64url')}"}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'login.json', Body: secret }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'login.json' }));
    assert.equal(await got.Body?.transformToString(), secret);
    for (const { path, text } of stateFileTexts(berth.stateDir)) {
      assert.equal(text.includes(secret.slice(13, 37)), false, `${path} holds the object's data in clear`);
    }
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'login.json' }));
  });

  test('a wrong checksum is BadDigest and stores nothing', async () => {
    await assert.rejects(
      s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'bad.json',
          Body: 'abc',
          ChecksumSHA256: createHash('sha256').update('other').digest('base64'),
        }),
      ),
      { name: 'BadDigest' },
    );
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'bad.json' })), {
      name: 'NotFound',
    });
  });

  test('a stream goes as aws-chunked with a trailing CRC32 (STREAMING-UNSIGNED-PAYLOAD-TRAILER) and arrives whole', async () => {
    const parts = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024, i));
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'stream.bin',
        Body: Readable.from(parts),
        ContentLength: 40 * 64 * 1024,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'stream.bin' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    assert.ok(bytes.equals(Buffer.concat(parts)));
  });

  test("256 MiB in and out streams: berth up's peak memory grows by less than half the object (docs/limits.md)", async () => {
    const peak = () =>
      Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${berth.child.pid}/status`, 'utf8'))![1]) * 1024;
    const before = peak();
    const size = 256 * 1024 * 1024;
    const piece = Buffer.alloc(1024 * 1024, 7);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'large.bin',
        Body: Readable.from(Array.from({ length: size / piece.length }, () => piece)),
        ContentLength: size,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'large.bin' }));
    let received = 0;
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) received += chunk.length;
    assert.equal(received, size);
    const grown = peak() - before;
    // What grows is warm-up (buffers, JIT), the same for 100 MB as for 300 MB; a held body would add all of it.
    assert.ok(grown < size / 2, `peak RSS grew by ${Math.round(grown / 1024 / 1024)} MiB`);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'large.bin' }));
  });

  test('a chunk-signed upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) is verified chunk by chunk', async () => {
    const data = [Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'b')];
    const ok = await chunkSignedPut('chunked.bin', data, false);
    assert.equal(ok.status, 200, ok.body);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'chunked.bin' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(data)));
    const tampered = await chunkSignedPut('tampered.bin', data, true);
    assert.equal(tampered.status, 403);
    assert.match(tampered.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'tampered.bin' })), {
      name: 'NotFound',
    });
  });

  test('virtual-hosted addressing: <bucket>.localhost reaches the bucket (names resolved to loopback here)', async () => {
    // Node resolves no *.localhost name itself (curl and browsers do): the test's agent sends them to 127.0.0.1.
    const loopback: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const hosted = new S3Client({
      endpoint: `http://localhost:${berth.port}`,
      region: berth.region,
      credentials: berth.credentials,
      forcePathStyle: false,
      maxAttempts: 1,
      requestHandler: { httpAgent: new Agent({ lookup: loopback }) },
    });
    const seen: string[] = [];
    hosted.middlewareStack.add(
      (next) => async (args) => {
        seen.push(String((args.request as { hostname?: string }).hostname));
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    await hosted.send(new PutObjectCommand({ Bucket: bucket, Key: 'hosted.txt', Body: 'virtual' }));
    const got = await hosted.send(new GetObjectCommand({ Bucket: bucket, Key: 'hosted.txt' }));
    assert.equal(await got.Body?.transformToString(), 'virtual');
    assert.deepEqual(seen, [`${bucket}.localhost`, `${bucket}.localhost`]);
    hosted.destroy();
  });

  test('a presigned GET (query authentication, UNSIGNED-PAYLOAD) reads the object', async () => {
    const url = new URL(berth.endpoint);
    const signed = await presignRequest({
      service: 's3',
      method: 'GET',
      path: `/${bucket}/stream.bin`,
      // As the S3 presigner signs: the payload is not signed (hoisted into the query as X-Amz-Content-Sha256).
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      accessKeyId: berth.credentials.accessKeyId,
      secretAccessKey: berth.credentials.secretAccessKey,
      region: berth.region,
      time: new Date(),
      uriEscapePath: false,
    });
    const response = await fetch(`${berth.endpoint}${signed.path}?${signed.query}`);
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, 40 * 64 * 1024);
  });

  test('ListObjectsV2 pages with a delimiter and continuation tokens', async () => {
    const first = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 2 }));
    assert.equal(first.IsTruncated, true);
    const keys = [
      ...(first.Contents ?? []).map((c) => c.Key),
      ...(first.CommonPrefixes ?? []).map((p) => p.Prefix),
    ];
    const rest = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Delimiter: '/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    keys.push(
      ...(rest.Contents ?? []).map((c) => c.Key),
      ...(rest.CommonPrefixes ?? []).map((p) => p.Prefix),
    );
    assert.deepEqual(keys.sort(), ['chunked.bin', 'enc.json', 'hosted.txt', 'stream.bin', 'templates/']);
    const one = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'templates/', MaxKeys: 1 }));
    assert.deepEqual(
      one.Contents?.map((c) => c.Key),
      ['templates/a b+c.json'],
    );
  });

  test('a versioned bucket keeps versions and delete markers; emptied by version it can be deleted', async () => {
    const versioned = 'versioned-bucket';
    await s3.send(new CreateBucketCommand({ Bucket: versioned }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const v1 = await s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'one' }));
    await s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'two' }));
    const removed = await s3.send(new DeleteObjectCommand({ Bucket: versioned, Key: 'k' }));
    assert.equal(removed.DeleteMarker, true);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: versioned, Key: 'k' })), {
      name: 'NoSuchKey',
    });
    const old = await s3.send(new GetObjectCommand({ Bucket: versioned, Key: 'k', VersionId: v1.VersionId }));
    assert.equal(await old.Body?.transformToString(), 'one');
    await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: versioned })), { name: 'BucketNotEmpty' });
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: versioned }));
    assert.equal(listed.Versions?.length, 2);
    assert.equal(listed.DeleteMarkers?.length, 1);
    const entries = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key!,
      VersionId: v.VersionId!,
    }));
    const deleted = await s3.send(
      new DeleteObjectsCommand({ Bucket: versioned, Delete: { Objects: entries } }),
    );
    assert.equal(deleted.Deleted?.length, 3);
    assert.equal(deleted.Errors, undefined);
    await s3.send(new DeleteBucketCommand({ Bucket: versioned }));
    await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: versioned })), { name: 'NotFound' });
  });

  /** PUT with STREAMING-AWS4-HMAC-SHA256-PAYLOAD: the seed signed by the SDK's signer, each chunk signed here. */
  async function chunkSignedPut(key: string, data: Buffer[], tamper: boolean) {
    const url = new URL(berth.endpoint);
    const time = new Date();
    const decoded = data.reduce((n, d) => n + d.length, 0);
    const signed = await signRequest({
      service: 's3',
      method: 'PUT',
      path: `/${bucket}/${key}`,
      headers: {
        host: url.host,
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(decoded),
      },
      accessKeyId: berth.credentials.accessKeyId,
      secretAccessKey: berth.credentials.secretAccessKey,
      region: berth.region,
      time,
      uriEscapePath: false,
    });
    const headers = Object.fromEntries(
      signed.headers.filter(([name]) => name.toLowerCase() !== 'content-length'),
    );
    const authorization = String(headers.authorization ?? headers.Authorization);
    let previous = /Signature=([0-9a-f]{64})/.exec(authorization)![1]!;
    const longDate = String(headers['x-amz-date']);
    const scope = `${longDate.slice(0, 8)}/${berth.region}/s3/aws4_request`;
    const hmac = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
    const signingKey = hmac(
      hmac(hmac(hmac(`AWS4${berth.credentials.secretAccessKey}`, longDate.slice(0, 8)), berth.region), 's3'),
      'aws4_request',
    );
    const emptyHash = createHash('sha256').digest('hex');
    const chunks: Buffer[] = [];
    for (const chunk of [...data, Buffer.alloc(0)]) {
      const toSign = `AWS4-HMAC-SHA256-PAYLOAD\n${longDate}\n${scope}\n${previous}\n${emptyHash}\n${createHash('sha256').update(chunk).digest('hex')}`;
      previous = createHmac('sha256', signingKey).update(toSign).digest('hex');
      const sent = tamper && chunk.length > 0 ? Buffer.alloc(chunk.length, 'z') : chunk;
      chunks.push(
        Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`),
        sent,
        Buffer.from('\r\n'),
      );
    }
    const body = Buffer.concat(chunks);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'PUT',
          path: signed.path,
          headers: { ...headers, 'content-length': body.length },
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString() }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
});
