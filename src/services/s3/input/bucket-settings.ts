import { child, children, childText, type XmlNode } from '../../../aws/index.js';
import { s3Errors } from '../errors.js';
import type { EncryptionRule } from '../store.js';

// Readers of the bucket settings' XML documents (S3 API reference, the Put* request syntax of each): the root must
// be the document S3 expects, with the members it requires; anything else is S3's MalformedXML.

export function document(node: XmlNode | undefined, root: string): XmlNode {
  if (!node || node.name !== root) throw s3Errors.malformedXml();
  return node;
}

export function readVersioning(node: XmlNode | undefined): 'Enabled' | 'Suspended' {
  const status = childText(document(node, 'VersioningConfiguration'), 'Status');
  if (status !== 'Enabled' && status !== 'Suspended') throw s3Errors.malformedXml();
  return status;
}

export function readEncryption(node: XmlNode | undefined): EncryptionRule {
  const rule = child(document(node, 'ServerSideEncryptionConfiguration'), 'Rule');
  const byDefault = rule && child(rule, 'ApplyServerSideEncryptionByDefault');
  const algorithm = byDefault && childText(byDefault, 'SSEAlgorithm');
  if (!algorithm) throw s3Errors.malformedXml();
  if (!['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algorithm)) {
    throw s3Errors.invalidArgument(
      'The encryption method specified is not supported',
      'SSEAlgorithm',
      algorithm,
    );
  }
  const kmsKeyId = childText(byDefault, 'KMSMasterKeyID');
  const bucketKey = childText(rule, 'BucketKeyEnabled');
  return {
    algorithm,
    ...(kmsKeyId ? { kmsKeyId } : {}),
    ...(bucketKey !== undefined ? { bucketKeyEnabled: bucketKey === 'true' } : {}),
  };
}

const publicAccessMembers = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
];

export function readPublicAccessBlock(node: XmlNode | undefined): Record<string, boolean> {
  const root = document(node, 'PublicAccessBlockConfiguration');
  const settings: Record<string, boolean> = {};
  for (const name of publicAccessMembers) {
    const value = childText(root, name);
    if (value !== undefined && value !== 'true' && value !== 'false') throw s3Errors.malformedXml();
    settings[name] = value === 'true';
  }
  return settings;
}

export function readTags(node: XmlNode | undefined): Array<{ Key: string; Value: string }> {
  const tagSet = child(document(node, 'Tagging'), 'TagSet');
  if (!tagSet) throw s3Errors.malformedXml();
  const tags = children(tagSet, 'Tag').map((tag) => {
    const key = childText(tag, 'Key');
    if (key === undefined) throw s3Errors.malformedXml();
    return { Key: key, Value: childText(tag, 'Value') ?? '' };
  });
  if (new Set(tags.map((tag) => tag.Key)).size !== tags.length) {
    throw s3Errors.invalidArgument('Cannot provide multiple Tags with the same key');
  }
  return tags;
}

/** CreateBucket's optional `CreateBucketConfiguration/LocationConstraint`. */
export function readLocationConstraint(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  return childText(document(node, 'CreateBucketConfiguration'), 'LocationConstraint');
}

/** DeleteObjects' `Delete/Object{Key,VersionId}` (at most 1,000) and `Quiet`. */
export function readDelete(node: XmlNode | undefined): {
  objects: Array<{ key: string; versionId?: string }>;
  quiet: boolean;
} {
  const root = document(node, 'Delete');
  const objects = children(root, 'Object').map((entry) => {
    const key = childText(entry, 'Key');
    if (key === undefined) throw s3Errors.malformedXml();
    const versionId = childText(entry, 'VersionId');
    return versionId === undefined ? { key } : { key, versionId };
  });
  if (objects.length === 0 || objects.length > 1000) throw s3Errors.malformedXml();
  return { objects, quiet: childText(root, 'Quiet') === 'true' };
}
