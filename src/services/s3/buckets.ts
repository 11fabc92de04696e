import type { RequestContext, RestRequest } from '../../aws/index.js';
import type { Clock } from '../../ports/index.js';
import { isValidBucketName } from './domain/bucket-name.js';
import { s3Errors } from './errors.js';
import type { ObjectWrites } from './object-writes.js';
import type { S3Access } from './s3-access.js';
import type { BucketRecord, S3Store } from './store.js';

/** The region whose buckets have no LocationConstraint (S3 CreateBucket: "us-east-1 … is the default"). */
const defaultRegion = 'us-east-1';

/**
 * Buckets: their one global namespace, their settings, and the authorization of bucket operations. Every bucket
 * operation checks IAM with the bucket's own policy before telling whether the bucket exists.
 */
export class Buckets {
  readonly #store: S3Store;
  readonly #access: S3Access;
  readonly #clock: Clock;
  readonly #writes: ObjectWrites;

  constructor(store: S3Store, access: S3Access, clock: Clock, writes: ObjectWrites) {
    this.#store = store;
    this.#access = access;
    this.#clock = clock;
    this.#writes = writes;
  }

  /** The bucket the request names, after `s3:<action>` on it (or on `key` in it) is allowed; NoSuchBucket if none. */
  async authorized(ctx: RequestContext, name: string, action: string, key?: string): Promise<BucketRecord> {
    const bucket = this.#store.bucket(name);
    await this.#access.check(ctx, action, name, bucket, key);
    if (!bucket) throw s3Errors.noSuchBucket(name);
    return bucket;
  }

  /**
   * CreateBucket (S3 API reference): the name rules, the LocationConstraint against the endpoint's region, and the
   * shared namespace — another account's name is BucketAlreadyExists; one's own is BucketAlreadyOwnedByYou, except
   * in us-east-1, where S3 answers 200 for it (the legacy behaviour the CreateBucket page documents).
   */
  async create(
    ctx: RequestContext,
    request: RestRequest,
    locationConstraint: string | undefined,
  ): Promise<void> {
    const name = request.bucket;
    if (!isValidBucketName(name)) throw s3Errors.invalidBucketName(name);
    const region = bucketRegion(ctx.region, locationConstraint);
    await this.#access.check(ctx, 'CreateBucket', name, undefined);
    const existing = this.#store.bucket(name);
    if (existing) {
      if (existing.account !== ctx.accountId) throw s3Errors.bucketAlreadyExists(name);
      if (ctx.region === defaultRegion && existing.region === defaultRegion) return;
      throw s3Errors.bucketAlreadyOwnedByYou(name);
    }
    this.#store.putBucket({
      name,
      account: ctx.accountId,
      region,
      createdAt: this.#clock.now().toISOString(),
      // New buckets block public access (S3, April 2023: "Block Public Access … enabled by default").
      publicAccessBlock: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    });
  }

  /** ListBuckets: the caller's account's buckets, by name. */
  async list(ctx: RequestContext): Promise<BucketRecord[]> {
    await this.#access.checkAccount(ctx, 'ListAllMyBuckets');
    return this.#store.buckets().filter((bucket) => bucket.account === ctx.accountId);
  }

  /** Changes one bucket's settings (after authorization). */
  update(bucket: BucketRecord, change: Partial<BucketRecord>): void {
    this.#store.transaction(() => {
      const current = this.#store.bucket(bucket.name);
      if (current) this.#store.putBucket({ ...current, ...change });
    });
  }

  /** Removes a setting (DeleteBucketPolicy, DeleteBucketTagging …). */
  clear(bucket: BucketRecord, setting: keyof BucketRecord): void {
    this.#store.transaction(() => {
      const current = this.#store.bucket(bucket.name);
      if (!current) return;
      const { [setting]: _, ...rest } = current;
      this.#store.putBucket(rest as BucketRecord);
    });
  }

  /**
   * DeleteBucket: only an empty bucket (no object, no version, no delete marker); its unfinished multipart uploads
   * go with it, so that a bucket made again under the name starts without them.
   */
  async delete(ctx: RequestContext, request: RestRequest): Promise<void> {
    const bucket = await this.authorized(ctx, request.bucket, 'DeleteBucket');
    const uploads = this.#store.transaction(() => {
      if (this.#store.objects(bucket.name).length > 0) throw s3Errors.bucketNotEmpty(bucket.name);
      this.#store.deleteBucket(bucket.name);
      const gone = this.#store.uploads().filter((upload) => upload.bucket === bucket.name);
      for (const upload of gone) this.#store.deleteUpload(upload.id);
      return gone;
    });
    for (const upload of uploads) await this.#writes.release(upload.parts);
  }

  /** Checks a bucket policy's grammar (MalformedPolicy with IAM's text when it fails). */
  checkPolicy(text: string): void {
    this.#access.policy(text);
  }
}

/**
 * The bucket's region from its LocationConstraint and the endpoint's region: none means us-east-1, which only the
 * us-east-1 endpoint accepts; `us-east-1` itself may not be named (InvalidLocationConstraint); another region than
 * the endpoint's is IllegalLocationConstraintException (S3 CreateBucket, "Error responses").
 */
function bucketRegion(endpointRegion: string, constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') {
    if (endpointRegion !== defaultRegion)
      throw s3Errors.illegalLocationConstraint(endpointRegion, 'unspecified');
    return defaultRegion;
  }
  if (constraint === defaultRegion) throw s3Errors.invalidLocationConstraint();
  if (constraint !== endpointRegion) throw s3Errors.illegalLocationConstraint(endpointRegion, constraint);
  return constraint;
}
