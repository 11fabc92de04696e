import type { OperationSpec, RequestContext, RestOutput, RestRequest, XmlObject } from '../../aws/index.js';
import { parseXml, restRequestOf } from '../../aws/index.js';
import type { Buckets } from './buckets.js';
import { s3Errors } from './errors.js';
import {
  document,
  readEncryption,
  readLocationConstraint,
  readPublicAccessBlock,
  readTags,
  readVersioning,
} from './input/bucket-settings.js';
import { defaultEncryption } from './object-headers.js';
import { ownerOf } from './object-lists.js';
import type { BucketRecord } from './store.js';

type Run = (ctx: RequestContext, request: RestRequest) => Promise<RestOutput>;

/** An S3 operation: authorized by its handler, which knows the bucket policy (S3Access). */
export function s3Operation(run: Run): OperationSpec {
  return { authorize: 'handler', handler: (ctx, input) => run(ctx, restRequestOf(input)) };
}

const noContent: RestOutput = { status: 204 };
const ok: RestOutput = {};

/**
 * The bucket operations (S3 API reference): create, head, delete, list, location, and the settings berth keeps —
 * policy (enforced on every request), versioning (applied), default encryption, public access block, lifecycle
 * rules and tags (recorded and answered). Each checks S3's IAM action on the bucket first.
 */
export function bucketOperations(buckets: Buckets): Record<string, OperationSpec> {
  /** `s3:<action>` on the request's bucket, then `act` with it. */
  const on = (
    action: string,
    act: (bucket: BucketRecord, request: RestRequest) => Promise<RestOutput> | RestOutput,
  ) =>
    s3Operation(async (ctx, request) => act(await buckets.authorized(ctx, request.bucket, action), request));
  return {
    CreateBucket: s3Operation(async (ctx, request) => {
      await buckets.create(ctx, request, readLocationConstraint(await request.xml()));
      return { headers: [['Location', `/${request.bucket}`]] };
    }),
    HeadBucket: on('ListBucket', (bucket) => ({
      headers: [['x-amz-bucket-region', bucket.region]],
    })),
    DeleteBucket: s3Operation(async (ctx, request) => {
      await buckets.delete(ctx, request);
      return noContent;
    }),
    ListBuckets: s3Operation(async (ctx) => {
      const list = await buckets.list(ctx);
      const value: XmlObject = {
        Owner: ownerOf(ctx.accountId),
        Buckets: {
          Bucket: list.map((bucket) => ({
            Name: bucket.name,
            CreationDate: new Date(bucket.createdAt),
            BucketRegion: bucket.region,
          })),
        },
      };
      return { xml: { root: 'ListAllMyBucketsResult', value } };
    }),
    GetBucketLocation: on('GetBucketLocation', (bucket) => ({
      // us-east-1 is the empty LocationConstraint (S3 GetBucketLocation).
      xml: { root: 'LocationConstraint', value: bucket.region === 'us-east-1' ? '' : bucket.region },
    })),
    PutBucketPolicy: on('PutBucketPolicy', async (bucket, request) => {
      const policy = await request.text();
      buckets.checkPolicy(policy);
      buckets.update(bucket, { policy });
      return noContent;
    }),
    GetBucketPolicy: on('GetBucketPolicy', (bucket) => {
      if (bucket.policy === undefined) throw s3Errors.noSuchBucketPolicy(bucket.name);
      return { headers: [['Content-Type', 'application/json']], body: Buffer.from(bucket.policy, 'utf8') };
    }),
    DeleteBucketPolicy: on('DeleteBucketPolicy', (bucket) => {
      buckets.clear(bucket, 'policy');
      return noContent;
    }),
    PutBucketVersioning: on('PutBucketVersioning', async (bucket, request) => {
      buckets.update(bucket, { versioning: readVersioning(await request.xml()) });
      return ok;
    }),
    GetBucketVersioning: on('GetBucketVersioning', (bucket) => ({
      xml: { root: 'VersioningConfiguration', value: { Status: bucket.versioning } },
    })),
    PutBucketEncryption: on('PutEncryptionConfiguration', async (bucket, request) => {
      buckets.update(bucket, { encryption: readEncryption(await request.xml()) });
      return ok;
    }),
    GetBucketEncryption: on('GetEncryptionConfiguration', (bucket) => {
      const rule = bucket.encryption ?? defaultEncryption;
      const value: XmlObject = {
        Rule: {
          ApplyServerSideEncryptionByDefault: { SSEAlgorithm: rule.algorithm, KMSMasterKeyID: rule.kmsKeyId },
          BucketKeyEnabled: rule.bucketKeyEnabled ?? false,
        },
      };
      return { xml: { root: 'ServerSideEncryptionConfiguration', value } };
    }),
    DeleteBucketEncryption: on('PutEncryptionConfiguration', (bucket) => {
      buckets.clear(bucket, 'encryption');
      return noContent;
    }),
    PutPublicAccessBlock: on('PutBucketPublicAccessBlock', async (bucket, request) => {
      buckets.update(bucket, { publicAccessBlock: readPublicAccessBlock(await request.xml()) });
      return ok;
    }),
    GetPublicAccessBlock: on('GetBucketPublicAccessBlock', (bucket) => {
      if (!bucket.publicAccessBlock) throw s3Errors.noPublicAccessBlock(bucket.name);
      return { xml: { root: 'PublicAccessBlockConfiguration', value: { ...bucket.publicAccessBlock } } };
    }),
    DeletePublicAccessBlock: on('PutBucketPublicAccessBlock', (bucket) => {
      buckets.clear(bucket, 'publicAccessBlock');
      return noContent;
    }),
    PutBucketLifecycleConfiguration: on('PutLifecycleConfiguration', async (bucket, request) => {
      const text = await request.text();
      document(parseXml(text), 'LifecycleConfiguration');
      buckets.update(bucket, { lifecycle: text });
      return ok;
    }),
    GetBucketLifecycleConfiguration: on('GetLifecycleConfiguration', (bucket) => {
      if (bucket.lifecycle === undefined) throw s3Errors.noLifecycle(bucket.name);
      return { headers: [['Content-Type', 'application/xml']], body: Buffer.from(bucket.lifecycle, 'utf8') };
    }),
    DeleteBucketLifecycleConfiguration: on('PutLifecycleConfiguration', (bucket) => {
      buckets.clear(bucket, 'lifecycle');
      return noContent;
    }),
    PutBucketTagging: on('PutBucketTagging', async (bucket, request) => {
      buckets.update(bucket, { tags: readTags(await request.xml()) });
      return noContent;
    }),
    GetBucketTagging: on('GetBucketTagging', (bucket) => {
      if (!bucket.tags) throw s3Errors.noTagSet(bucket.name);
      return { xml: { root: 'Tagging', value: { TagSet: { Tag: bucket.tags.map((tag) => ({ ...tag })) } } } };
    }),
    DeleteBucketTagging: on('PutBucketTagging', (bucket) => {
      buckets.clear(bucket, 'tags');
      return noContent;
    }),
  };
}
