import { ServiceError } from '../errors.js';
import { firstHeader, type HttpRequest } from '../http.js';

/**
 * How an S3 request declares its payload (`x-amz-content-sha256`, ref aws-iam-and-protocols §3.2 and S3's "Signature
 * Version 4 signing" pages): S3 signs the header's value rather than a hash the server computes, because the body
 * may be gigabytes still on the way; the body is checked against it as it streams (protocol/rest-xml/payload.ts).
 */
export type DeclaredPayload =
  | { readonly kind: 'sha256'; readonly hex: string }
  | { readonly kind: 'unsigned' }
  /** aws-chunked, each chunk signed (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, `…-TRAILER` with a signed trailer). */
  | { readonly kind: 'signed-chunks'; readonly trailer: boolean }
  /** aws-chunked, unsigned, with a trailing checksum (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`). */
  | { readonly kind: 'unsigned-chunks' };

/** What verifying a chunk signature needs from the seed request (S3 "Signature Calculations for … Chunks"). */
export interface ChunkSigning {
  readonly seedSignature: string;
  readonly longDate: string;
  /** `YYYYMMDD/region/s3/aws4_request`. */
  readonly scope: string;
  readonly signingKey: Uint8Array;
}

const modes: Readonly<Record<string, DeclaredPayload>> = {
  'UNSIGNED-PAYLOAD': { kind: 'unsigned' },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': { kind: 'signed-chunks', trailer: false },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': { kind: 'signed-chunks', trailer: true },
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': { kind: 'unsigned-chunks' },
};

/**
 * The payload hash an S3 request signed, and what it promises of the body. Header authentication must carry
 * `x-amz-content-sha256`; a presigned URL signs `UNSIGNED-PAYLOAD` unless its query names a hash.
 */
export function declaredPayload(
  request: HttpRequest,
  query: ReadonlyArray<readonly [string, string]>,
  presigned: boolean,
): { readonly signed: string; readonly payload: DeclaredPayload } {
  const header =
    firstHeader(request.headers, 'x-amz-content-sha256') ??
    query.find(([name]) => name === 'X-Amz-Content-Sha256')?.[1];
  if (header === undefined) {
    if (presigned) return { signed: 'UNSIGNED-PAYLOAD', payload: { kind: 'unsigned' } };
    // [doc: S3 ErrorResponses, InvalidRequest; text observed from S3 for a missing x-amz-content-sha256]
    throw new ServiceError(
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256',
    );
  }
  const mode = modes[header];
  if (mode) return { signed: header, payload: mode };
  if (/^[0-9a-f]{64}$/.test(header)) return { signed: header, payload: { kind: 'sha256', hex: header } };
  // [obs: S3's answer to a malformed x-amz-content-sha256, as moto and LocalStack reproduce it]
  throw new ServiceError(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, ' +
      'STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, ' +
      'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
  );
}
