import type { RestRequest } from '../../aws/index.js';
import { checksumAlgorithms } from './body-digests.js';
import { s3Errors } from './errors.js';
import type { ObjectAttributes } from './object-writes.js';
import type { BucketRecord, EncryptionRule, ObjectVersion } from './store.js';

/** Headers S3 stores with an object and answers on GET and HEAD, as sent (PutObject's request headers). */
const storedHeaders = ['cache-control', 'content-disposition', 'content-language', 'expires'] as const;

/**
 * A new object's attributes from its PutObject/CreateMultipartUpload/CopyObject (REPLACE) headers: Content-Type,
 * `x-amz-meta-*` (names lower-cased, as S3 returns them), the stored headers, Content-Encoding without the
 * transfer's `aws-chunked`, and server-side encryption — the request's own, else the bucket's default.
 */
export function objectAttributes(request: RestRequest, bucket: BucketRecord): ObjectAttributes {
  const headers: Record<string, string> = {};
  for (const name of storedHeaders) {
    const value = request.header(name);
    if (value !== undefined) headers[name] = value;
  }
  const encoding = (request.header('content-encoding') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== 'aws-chunked')
    .join(', ');
  if (encoding !== '') headers['content-encoding'] = encoding;
  const contentType = request.header('content-type');
  return {
    ...(contentType !== undefined ? { contentType } : {}),
    metadata: Object.fromEntries(request.headersStartingWith('x-amz-meta-')),
    headers,
    sse: requestedEncryption(request) ?? bucket.encryption ?? defaultEncryption,
  };
}

/** Every bucket encrypts with SSE-S3 unless set otherwise (S3, January 2023: "default encryption … SSE-S3"). */
export const defaultEncryption: EncryptionRule = { algorithm: 'AES256' };

/**
 * `x-amz-server-side-encryption` (AES256, aws:kms, aws:kms:dsse) and its KMS key: recorded and answered. berth does
 * not encrypt object data with KMS; the state dir is the user's own machine.
 */
function requestedEncryption(request: RestRequest): EncryptionRule | undefined {
  const algorithm = request.header('x-amz-server-side-encryption');
  if (algorithm === undefined) return undefined;
  if (!['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algorithm)) {
    throw s3Errors.invalidArgument(
      'The encryption method specified is not supported',
      'x-amz-server-side-encryption',
      algorithm,
    );
  }
  const kmsKeyId = request.header('x-amz-server-side-encryption-aws-kms-key-id');
  return kmsKeyId === undefined ? { algorithm } : { algorithm, kmsKeyId };
}

/** The flexible checksum algorithms a request sends values for: in headers, or named by `x-amz-trailer`. */
export function sentAlgorithms(request: RestRequest): string[] {
  const trailer = (request.header('x-amz-trailer') ?? '').toLowerCase();
  return checksumAlgorithms.filter(
    (algorithm) =>
      request.header(`x-amz-checksum-${algorithm}`) !== undefined ||
      trailer.includes(`x-amz-checksum-${algorithm}`),
  );
}

/** The sent checksum values, from headers and (once the body is read) the trailer. */
export function sentChecksums(request: RestRequest): ReadonlyMap<string, string> {
  const sent = new Map<string, string>();
  for (const algorithm of checksumAlgorithms) {
    const name = `x-amz-checksum-${algorithm}`;
    const value = request.header(name) ?? request.payload.trailers.get(name);
    if (value !== undefined) sent.set(algorithm, value);
  }
  return sent;
}

/** The checksum headers of an answer (`x-amz-checksum-crc32: …`). */
export function checksumHeaders(
  checksums: Readonly<Record<string, string>> | undefined,
): Array<[string, string]> {
  return Object.entries(checksums ?? {}).map(([algorithm, value]) => [`x-amz-checksum-${algorithm}`, value]);
}

/** The encryption headers S3 answers for an object written with `sse`. */
export function encryptionHeaders(sse: EncryptionRule | undefined): Array<[string, string]> {
  if (!sse) return [];
  const headers: Array<[string, string]> = [['x-amz-server-side-encryption', sse.algorithm]];
  if (sse.kmsKeyId !== undefined) headers.push(['x-amz-server-side-encryption-aws-kms-key-id', sse.kmsKeyId]);
  return headers;
}

/** What GET and HEAD answer about a version, besides its length and range. */
export function versionHeaders(version: ObjectVersion, versioned: boolean): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ['ETag', version.etag],
    ['Last-Modified', new Date(version.lastModified).toUTCString()],
    ['Accept-Ranges', 'bytes'],
    ['Content-Type', version.contentType ?? 'binary/octet-stream'],
  ];
  for (const [name, value] of Object.entries(version.headers ?? {})) headers.push([name, value]);
  for (const [name, value] of Object.entries(version.metadata ?? {}))
    headers.push([`x-amz-meta-${name}`, value]);
  if (versioned) headers.push(['x-amz-version-id', version.versionId]);
  if (version.partCount !== undefined) headers.push(['x-amz-mp-parts-count', String(version.partCount)]);
  headers.push(...encryptionHeaders(version.sse));
  return headers;
}
