import type { Authorizer, RequestContext } from '../../aws/index.js';
import { type Policy, parsePolicy } from '../../engines/iam/index.js';
import { s3Arns } from '../../engines/s3/index.js';
import type { BucketRecord } from './store.js';

const policyActions: ReadonlySet<string> = new Set([
  'GetBucketPolicy',
  'PutBucketPolicy',
  'DeleteBucketPolicy',
]);

/**
 * S3's authorization (S3 "How Amazon S3 authorizes a request"): the caller's identity policies and the bucket
 * policy together, as IAM combines a resource policy within one account — an explicit deny anywhere wins (the CDK
 * bootstrap bucket's `AllowSSLRequestsOnly` denies `s3:*` when `aws:SecureTransport` is false, ref
 * cloudformation-cdk §2), a bucket policy naming `*` or the caller grants on its own. The action is S3's IAM action,
 * not the operation's name (ListObjectsV2 is `s3:ListBucket`, GetBucketEncryption `s3:GetEncryptionConfiguration`).
 */
export class S3Access {
  readonly #authorizer: Authorizer;
  readonly #partition: string;
  /** Parsed bucket policies, by their text (a policy is parsed once, not per request). */
  readonly #policies = new Map<string, Policy>();

  constructor(authorizer: Authorizer, partition: string) {
    this.#authorizer = authorizer;
    this.#partition = partition;
  }

  /** `s3:<action>` on the bucket (`key` undefined) or on one of its objects. */
  async check(
    ctx: RequestContext,
    action: string,
    bucketName: string,
    bucket: BucketRecord | undefined,
    key?: string,
  ): Promise<void> {
    const resource =
      key === undefined
        ? s3Arns.bucket(this.#partition, bucketName)
        : s3Arns.object(this.#partition, bucketName, key);
    const policy = bucket?.policy !== undefined && !this.#ownerRootOnPolicy(ctx, action, bucket.account);
    await this.#authorizer.authorize(ctx, {
      action: `s3:${action}`,
      resource,
      resourceAccount: bucket?.account ?? ctx.accountId,
      ...(policy ? { resourcePolicy: this.policy(bucket!.policy!) } : {}),
    });
  }

  /**
   * The bucket owner's root user may always read, replace and delete the bucket policy, even one that denies it
   * (S3 PutBucketPolicy: "the root principal in the bucket owner's account can perform GetBucketPolicy,
   * PutBucketPolicy, and DeleteBucketPolicy API actions, even if their bucket policy explicitly denies" it), so a
   * policy cannot lock its owner out.
   */
  #ownerRootOnPolicy(ctx: RequestContext, action: string, account: string): boolean {
    return (
      policyActions.has(action) && ctx.caller.principal.arn === `arn:${this.#partition}:iam::${account}:root`
    );
  }

  /** For actions on no bucket (`s3:ListAllMyBuckets`). */
  async checkAccount(ctx: RequestContext, action: string): Promise<void> {
    await this.#authorizer.authorize(ctx, { action: `s3:${action}`, resource: '*' });
  }

  /** A bucket policy, parsed with IAM's grammar for resource policies (an engine error is MalformedPolicy). */
  policy(text: string): Policy {
    let policy = this.#policies.get(text);
    if (!policy) {
      policy = parsePolicy(text, { kind: 'resource', name: 'BucketPolicy' });
      if (this.#policies.size > 1000) this.#policies.clear();
      this.#policies.set(text, policy);
    }
    return policy;
  }
}
