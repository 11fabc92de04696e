// IAM on S3 (S3 "How Amazon S3 authorizes a request"; ref cloudformation-cdk §2): S3's action names and ARNs, the
// bucket policy combined with identity policies as within one account — a bucket policy naming the caller grants on
// its own, an explicit deny anywhere wins — and DeleteObjects deciding key by key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { harnessAccount } from '../../testing/control-plane-harness.js';
import { s3Harness } from '../../testing/s3-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

const user = (name: string) => `arn:aws:iam::${harnessAccount}:user/${name}`;

test('without a policy a user may do nothing: AccessDenied 403 names S3 action and ARN', async () => {
  const h = s3Harness();
  const nobody = await h.userClient('nobody');
  assert.deepEqual(await sdkError(nobody.send(new CreateBucketCommand({ Bucket: 'some-bucket' }))), {
    name: 'AccessDenied',
    message:
      `User: ${user('nobody')} is not authorized to perform: s3:CreateBucket on resource: arn:aws:s3:::some-bucket ` +
      'because no identity-based policy allows the s3:CreateBucket action',
    status: 403,
  });
});

test('a bucket policy naming a user grants on its own; only what it names', async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'shared-bucket' }));
  await h.s3.send(new PutObjectCommand({ Bucket: 'shared-bucket', Key: 'doc.txt', Body: 'shared' }));
  const reader = await h.userClient('reader');
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: user('reader') },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::shared-bucket/*',
      },
    ],
  };
  await h.s3.send(new PutBucketPolicyCommand({ Bucket: 'shared-bucket', Policy: JSON.stringify(policy) }));
  const got = await reader.send(new GetObjectCommand({ Bucket: 'shared-bucket', Key: 'doc.txt' }));
  assert.equal(await got.Body?.transformToString(), 'shared');
  const put = await sdkError(
    reader.send(new PutObjectCommand({ Bucket: 'shared-bucket', Key: 'x', Body: 'x' })),
  );
  assert.equal(put.name, 'AccessDenied');
  const list = await sdkError(reader.send(new ListObjectsV2Command({ Bucket: 'shared-bucket' })));
  assert.match(list.message, /s3:ListBucket on resource: arn:aws:s3:::shared-bucket because/);
});

test("an explicit deny in the bucket policy wins over the caller's Allow s3:*", async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'guarded-bucket' }));
  const admin = await h.userClient('admin', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
  await admin.send(new PutObjectCommand({ Bucket: 'guarded-bucket', Key: 'keep', Body: 'k' }));
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObject',
        Resource: 'arn:aws:s3:::guarded-bucket/keep',
      },
    ],
  };
  await admin.send(new PutBucketPolicyCommand({ Bucket: 'guarded-bucket', Policy: JSON.stringify(policy) }));
  const denied = await sdkError(
    admin.send(new DeleteObjectCommand({ Bucket: 'guarded-bucket', Key: 'keep' })),
  );
  assert.equal(
    denied.message,
    `User: ${user('admin')} is not authorized to perform: s3:DeleteObject on resource: ` +
      'arn:aws:s3:::guarded-bucket/keep with an explicit deny in a resource-based policy',
  );
  await admin.send(new PutObjectCommand({ Bucket: 'guarded-bucket', Key: 'tmp/a', Body: 'a' }));
  const batch = await admin.send(
    new DeleteObjectsCommand({
      Bucket: 'guarded-bucket',
      Delete: { Objects: [{ Key: 'tmp/a' }, { Key: 'keep' }] },
    }),
  );
  assert.deepEqual(
    batch.Deleted?.map((d) => d.Key),
    ['tmp/a'],
  );
  assert.deepEqual(
    batch.Errors?.map((e) => [e.Key, e.Code]),
    [['keep', 'AccessDenied']],
  );
});

test('a malformed bucket policy is MalformedPolicy and nothing is stored', async () => {
  const h = s3Harness();
  await h.s3.send(new CreateBucketCommand({ Bucket: 'policy-bucket' }));
  const error = await sdkError(
    h.s3.send(
      new PutBucketPolicyCommand({ Bucket: 'policy-bucket', Policy: '{"Statement":[{"Effect":"Maybe"}]}' }),
    ),
  );
  assert.equal(error.name, 'MalformedPolicy');
  assert.equal(error.status, 400);
});
