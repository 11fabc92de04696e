import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ProvisionError } from '../../services/cloudformation/index.js';
import {
  deleted,
  isNotFound,
  type Properties,
  type ProviderCall,
  policyText,
  type ResourceProvider,
  tagList,
  text,
  using,
} from './provider.js';

type Rule = Readonly<Record<string, unknown>>;

const s3 = using(S3Client);

/** The bucket's settings the CDK bootstrap template uses (ref cloudformation-cdk §2, §8.2), CloudFormation → S3. */
async function configure(bucket: string, p: Properties, call: ProviderCall): Promise<void> {
  const versioning = p.VersioningConfiguration as Rule | undefined;
  if (versioning) {
    await s3(call, (c) =>
      c.send(
        new PutBucketVersioningCommand({
          Bucket: bucket,
          VersioningConfiguration: { Status: text(versioning.Status) as never },
        }),
      ),
    );
  }
  const encryption = (p.BucketEncryption as Rule | undefined)?.ServerSideEncryptionConfiguration;
  if (Array.isArray(encryption)) {
    await s3(call, (c) =>
      c.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: { Rules: encryption.map(encryptionRule) },
        }),
      ),
    );
  }
  const block = p.PublicAccessBlockConfiguration as Rule | undefined;
  if (block) {
    const flag = (name: string) => String(block[name]) === 'true';
    await s3(call, (c) =>
      c.send(
        new PutPublicAccessBlockCommand({
          Bucket: bucket,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: flag('BlockPublicAcls'),
            BlockPublicPolicy: flag('BlockPublicPolicy'),
            IgnorePublicAcls: flag('IgnorePublicAcls'),
            RestrictPublicBuckets: flag('RestrictPublicBuckets'),
          },
        }),
      ),
    );
  }
  const rules = (p.LifecycleConfiguration as Rule | undefined)?.Rules;
  if (Array.isArray(rules)) {
    await s3(call, (c) =>
      c.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: { Rules: rules.map(lifecycleRule) },
        }),
      ),
    );
  }
  const tags = tagList(p.Tags, call.context);
  if (tags.length > 0) {
    await s3(call, (c) => c.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags } })));
  }
}

/**
 * A CloudFormation encryption rule in S3's shape: the template says `ServerSideEncryptionByDefault` where the API says
 * `ApplyServerSideEncryptionByDefault` (AWS::S3::Bucket ServerSideEncryptionRule); `AWS::NoValue` has left out an
 * unset KMSMasterKeyID.
 */
function encryptionRule(rule: Rule) {
  const byDefault = (rule.ServerSideEncryptionByDefault ?? {}) as Rule;
  return {
    ApplyServerSideEncryptionByDefault: {
      SSEAlgorithm: text(byDefault.SSEAlgorithm) as never,
      ...(text(byDefault.KMSMasterKeyID) ? { KMSMasterKeyID: text(byDefault.KMSMasterKeyID) } : {}),
    },
    ...(rule.BucketKeyEnabled === undefined
      ? {}
      : { BucketKeyEnabled: String(rule.BucketKeyEnabled) === 'true' }),
  };
}

/** A CloudFormation lifecycle rule (`ExpirationInDays`, `NoncurrentVersionExpiration.NoncurrentDays`, …) in S3's shape. */
function lifecycleRule(rule: Rule) {
  const noncurrent = rule.NoncurrentVersionExpiration as Rule | undefined;
  const abort = rule.AbortIncompleteMultipartUpload as Rule | undefined;
  return {
    ...(text(rule.Id) ? { ID: text(rule.Id) } : {}),
    Status: text(rule.Status) as never,
    Filter: { Prefix: text(rule.Prefix) ?? '' },
    ...(rule.ExpirationInDays === undefined ? {} : { Expiration: { Days: Number(rule.ExpirationInDays) } }),
    ...(noncurrent
      ? { NoncurrentVersionExpiration: { NoncurrentDays: Number(noncurrent.NoncurrentDays) } }
      : {}),
    ...(abort
      ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: Number(abort.DaysAfterInitiation) } }
      : {}),
  };
}

function bucketAttributes(name: string, region: string) {
  return {
    Arn: `arn:aws:s3:::${name}`,
    DomainName: `${name}.s3.amazonaws.com`,
    RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
    DualStackDomainName: `${name}.s3.dualstack.${region}.amazonaws.com`,
    WebsiteURL: `http://${name}.s3-website-${region}.amazonaws.com`,
  };
}

/**
 * AWS::S3::Bucket (Ref = name; GetAtt Arn, DomainName, RegionalDomainName, …, ref cloudformation-cdk §5.2) and
 * AWS::S3::BucketPolicy, through S3's API. A bucket that is not empty cannot be deleted (S3's own error).
 */
export const s3Providers: Readonly<Record<string, ResourceProvider>> = {
  'AWS::S3::Bucket': {
    createOnly: ['BucketName'],
    create: async (properties, call) => {
      const name = text(properties.BucketName) ?? call.generatedName(63).toLowerCase();
      const { region } = call.context;
      await s3(call, (c) =>
        c.send(
          new CreateBucketCommand({
            Bucket: name,
            ...(region === 'us-east-1'
              ? {}
              : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
          }),
        ),
      );
      await configure(name, properties, call);
      return { physicalId: name, attributes: bucketAttributes(name, region) };
    },
    update: async (physicalId, properties, _previous, call) => {
      await configure(physicalId, properties, call);
      return { physicalId, attributes: bucketAttributes(physicalId, call.context.region) };
    },
    delete: async (physicalId, _properties, call) => {
      await deleted(
        call.client(S3Client).send(new DeleteBucketCommand({ Bucket: physicalId })),
        'NoSuchBucket',
      );
    },
  },
  'AWS::S3::BucketPolicy': {
    createOnly: ['Bucket'],
    create: async (properties, call) => {
      const bucket = String(properties.Bucket);
      await s3(call, (c) =>
        c.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyText(properties.PolicyDocument) })),
      );
      return { physicalId: bucket, attributes: {} };
    },
    update: async (physicalId, properties, _previous, call) => {
      await s3(call, (c) =>
        c.send(
          new PutBucketPolicyCommand({ Bucket: physicalId, Policy: policyText(properties.PolicyDocument) }),
        ),
      );
      return { physicalId, attributes: {} };
    },
    delete: async (physicalId, _properties, call) => {
      await call
        .client(S3Client)
        .send(new DeleteBucketPolicyCommand({ Bucket: physicalId }))
        .catch((error: unknown) => {
          if (!isNotFound(error, 'NoSuchBucket', 'NoSuchBucketPolicy'))
            throw new ProvisionError((error as Error).message);
        });
    },
  },
};
