import { ServiceError } from '../../aws/index.js';

// S3's error codes, statuses and texts: S3 API reference, "Error responses" (ErrorResponses.html, "List of error
// codes"); the extra members (BucketName, Key …) as S3 sends them. [doc] unless marked.

function s3Error(code: string, status: number, message: string, details?: Record<string, string>) {
  return new ServiceError(code, message, details ? { status, details } : { status });
}

export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    s3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => s3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key }),
  noSuchVersion: (key: string, versionId: string) =>
    s3Error('NoSuchVersion', 404, 'The specified version does not exist.', {
      Key: key,
      VersionId: versionId,
    }),
  noSuchUpload: (uploadId: string) =>
    s3Error(
      'NoSuchUpload',
      404,
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: uploadId },
    ),
  bucketAlreadyExists: (bucket: string) =>
    s3Error(
      'BucketAlreadyExists',
      409,
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. ' +
        'Please select a different name and try again.',
      { BucketName: bucket },
    ),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    s3Error(
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: bucket },
    ),
  bucketNotEmpty: (bucket: string) =>
    s3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket }),
  invalidBucketName: (bucket: string) =>
    s3Error('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket }),
  noSuchBucketPolicy: (bucket: string) =>
    s3Error('NoSuchBucketPolicy', 404, 'The bucket policy does not exist', { BucketName: bucket }),
  noPublicAccessBlock: (bucket: string) =>
    s3Error(
      'NoSuchPublicAccessBlockConfiguration',
      404,
      'The public access block configuration was not found',
      { BucketName: bucket },
    ),
  noLifecycle: (bucket: string) =>
    s3Error('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist', {
      BucketName: bucket,
    }),
  noTagSet: (bucket: string) =>
    s3Error('NoSuchTagSet', 404, 'The TagSet does not exist', { BucketName: bucket }),
  malformedXml: () =>
    s3Error(
      'MalformedXML',
      400,
      'The XML you provided was not well-formed or did not validate against our published schema',
    ),
  malformedPolicy: (message: string) => s3Error('MalformedPolicy', 400, message),
  invalidArgument: (message: string, name?: string, value?: string) =>
    s3Error(
      'InvalidArgument',
      400,
      message,
      name === undefined ? undefined : { ArgumentName: name, ArgumentValue: value ?? '' },
    ),
  invalidLocationConstraint: () =>
    s3Error('InvalidLocationConstraint', 400, 'The specified location-constraint is not valid'),
  illegalLocationConstraint: (region: string, bucketRegion: string) =>
    s3Error(
      'IllegalLocationConstraintException',
      400,
      `The ${bucketRegion} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      { Region: region },
    ),
  badDigest: () => s3Error('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.'),
  invalidDigest: () => s3Error('InvalidDigest', 400, 'The Content-MD5 you specified is not valid.'),
  checksumMismatch: (algorithm: string) =>
    s3Error('BadDigest', 400, `The ${algorithm} you specified did not match the calculated checksum.`),
  invalidRange: (size: number) =>
    s3Error('InvalidRange', 416, 'The requested range is not satisfiable', {
      ActualObjectSize: String(size),
    }),
  preconditionFailed: (condition: string) =>
    s3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', {
      Condition: condition,
    }),
  invalidPart: () =>
    s3Error(
      'InvalidPart',
      400,
      'One or more of the specified parts could not be found.  The part may not have been uploaded, or the ' +
        "specified entity tag may not match the part's entity tag.",
    ),
  invalidPartOrder: () =>
    s3Error(
      'InvalidPartOrder',
      400,
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
    ),
  entityTooSmall: () =>
    s3Error('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.'),
};
