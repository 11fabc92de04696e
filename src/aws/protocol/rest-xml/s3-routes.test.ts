// Which bucket, key and operation an S3 request names (S3 "Virtual hosting of buckets"; the S3 model's HTTP
// bindings), for the addressing the AWS CLI, the SDKs and the CDK CLI use against a loopback endpoint (ref
// cloudformation-cdk §1.1, §1.4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { s3Address } from './s3-address.js';
import { s3Operation } from './s3-routes.js';

const at = (host: string, path: string) => s3Address({ path, headers: [['Host', host]] });

test('path-style on an IP, localhost or s3.* host; virtual-hosted on <bucket>.localhost and <bucket>.s3.*', () => {
  assert.deepEqual(at('127.0.0.1:4566', '/b/dir/a%20b%2Bc.json'), {
    bucket: 'b',
    key: 'dir/a b+c.json',
    style: 'path',
  });
  assert.deepEqual(at('localhost:4566', '/b'), { bucket: 'b', key: '', style: 'path' });
  assert.deepEqual(at('s3.localhost:4566', '/b/k'), { bucket: 'b', key: 'k', style: 'path' });
  assert.deepEqual(at('my.bucket.localhost:4566', '/k/x'), {
    bucket: 'my.bucket',
    key: 'k/x',
    style: 'virtual-host',
  });
  assert.deepEqual(at('b.s3.us-east-1.amazonaws.com', '/'), { bucket: 'b', key: '', style: 'virtual-host' });
  assert.deepEqual(at('127.0.0.1:4566', '/'), { bucket: '', key: '', style: 'path' });
});

test('the operation from method, subresource and copy source', () => {
  const route = (method: string, path: string, query: string[] = [], headers: Record<string, string> = {}) =>
    s3Operation({
      method,
      address: at('127.0.0.1', path),
      has: (name) => query.includes(name),
      header: (name) => headers[name],
    });
  assert.equal(route('GET', '/'), 'ListBuckets');
  assert.equal(route('GET', '/b', ['list-type', 'prefix']), 'ListObjectsV2');
  assert.equal(route('GET', '/b'), 'ListObjects');
  assert.equal(route('GET', '/b', ['location']), 'GetBucketLocation');
  assert.equal(route('GET', '/b', ['encryption']), 'GetBucketEncryption');
  assert.equal(route('PUT', '/b', ['versioning']), 'PutBucketVersioning');
  assert.equal(route('DELETE', '/b', ['versioning']), undefined);
  assert.equal(route('POST', '/b', ['delete']), 'DeleteObjects');
  assert.equal(route('PUT', '/b/k', ['x-id']), 'PutObject');
  assert.equal(route('PUT', '/b/k', [], { 'x-amz-copy-source': 'a/b' }), 'CopyObject');
  assert.equal(route('PUT', '/b/k', ['partNumber', 'uploadId']), 'UploadPart');
  assert.equal(
    route('PUT', '/b/k', ['partNumber', 'uploadId'], { 'x-amz-copy-source': 'a/b' }),
    'UploadPartCopy',
  );
  assert.equal(route('POST', '/b/k', ['uploads']), 'CreateMultipartUpload');
  assert.equal(route('DELETE', '/b/k', ['uploadId']), 'AbortMultipartUpload');
  assert.equal(route('PATCH', '/b/k'), undefined);
});
