/**
 * S3's ARNs (S3 "Actions, resources, and condition keys"): buckets are global names, so the ARN has neither
 * region nor account — `arn:aws:s3:::bucket` and `arn:aws:s3:::bucket/key` — and the owning account travels
 * beside it to IAM (`resourceAccount`).
 */
export const s3Arns = {
  bucket: (partition: string, bucket: string): string => `arn:${partition}:s3:::${bucket}`,
  object: (partition: string, bucket: string, key: string): string =>
    `arn:${partition}:s3:::${bucket}/${key}`,
};
