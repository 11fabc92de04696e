import type { S3Address } from './s3-address.js';

/** What picks an operation: the method, whether a bucket and a key are named, and the query's subresources. */
export interface RouteInput {
  readonly method: string;
  readonly address: S3Address;
  readonly has: (name: string) => boolean;
  readonly header: (name: string) => string | undefined;
}

/** Bucket subresources with a Get/Put/Delete operation of their own (S3 API reference, one page each). */
const bucketSubresources: ReadonlyArray<readonly [query: string, name: string, deletable: boolean]> = [
  ['policy', 'BucketPolicy', true],
  ['versioning', 'BucketVersioning', false],
  ['encryption', 'BucketEncryption', true],
  ['publicAccessBlock', 'PublicAccessBlock', true],
  ['lifecycle', 'BucketLifecycleConfiguration', true],
  ['tagging', 'BucketTagging', true],
];

/**
 * The S3 operation a request names, as the S3 model's HTTP bindings tell it (method, path, query subresource,
 * `x-amz-copy-source`); undefined for a request berth does not serve (answered as S3's MethodNotAllowed).
 */
export function s3Operation(route: RouteInput): string | undefined {
  const { method, address, has } = route;
  if (address.bucket === '') return method === 'GET' ? 'ListBuckets' : undefined;
  if (address.key !== '') return objectOperation(route);
  for (const [query, name, deletable] of bucketSubresources) {
    if (!has(query)) continue;
    if (method === 'GET') return `Get${name}`;
    if (method === 'PUT') return `Put${name}`;
    return method === 'DELETE' && deletable ? `Delete${name}` : undefined;
  }
  switch (method) {
    case 'PUT':
      return 'CreateBucket';
    case 'HEAD':
      return 'HeadBucket';
    case 'DELETE':
      return 'DeleteBucket';
    case 'POST':
      return has('delete') ? 'DeleteObjects' : undefined;
    case 'GET':
      if (has('location')) return 'GetBucketLocation';
      if (has('versions')) return 'ListObjectVersions';
      if (has('uploads')) return 'ListMultipartUploads';
      return has('list-type') ? 'ListObjectsV2' : 'ListObjects';
    default:
      return undefined;
  }
}

function objectOperation({ method, has, header }: RouteInput): string | undefined {
  const upload = has('uploadId');
  switch (method) {
    case 'PUT':
      // UploadPartCopy is not served: named so, it finds no operation (MethodNotAllowed), never an empty part.
      if (upload && has('partNumber'))
        return header('x-amz-copy-source') === undefined ? 'UploadPart' : 'UploadPartCopy';
      return header('x-amz-copy-source') !== undefined ? 'CopyObject' : 'PutObject';
    case 'GET':
      return upload ? 'ListParts' : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return upload ? 'AbortMultipartUpload' : 'DeleteObject';
    case 'POST':
      if (has('uploads')) return 'CreateMultipartUpload';
      return upload ? 'CompleteMultipartUpload' : undefined;
    default:
      return undefined;
  }
}

/** Operations whose body is object data: it streams to disk, never held (docs/limits.md). */
export const streamedOperations: ReadonlySet<string> = new Set(['PutObject', 'UploadPart']);
