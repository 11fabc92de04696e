import { FrameworkError } from '../errors.js';
import { sigV4Algorithm } from './authorization-header.js';

/** SigV4 parameters carried in the query string of a presigned request (ref aws-iam-and-protocols §3.1). */
export interface PresignedAuthorization {
  readonly credential: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly amzDate: string;
  /** Seconds the signature stays valid after X-Amz-Date, when the client set a limit. */
  readonly expiresSeconds: number | undefined;
  readonly securityToken: string | undefined;
}

/** Seven days, the longest validity AWS accepts for a presigned request (smithy `MAX_PRESIGNED_TTL`). */
export const maxPresignedSeconds = 604800;

/** Whether the query carries presigned-URL authentication at all. */
export function hasPresignedQuery(pairs: ReadonlyArray<readonly [string, string]>): boolean {
  return pairs.some(([name]) => name === 'X-Amz-Algorithm');
}

/**
 * Reads the `X-Amz-*` authentication parameters from decoded query pairs, first value of each. An algorithm other
 * than AWS4-HMAC-SHA256 means the request is not authenticated at all (MissingAuthenticationToken); missing
 * parameters are listed together as IncompleteSignature, as AWS does.
 */
export function parsePresignedQuery(pairs: ReadonlyArray<readonly [string, string]>): PresignedAuthorization {
  const first = new Map<string, string>();
  for (const [name, value] of pairs) if (!first.has(name)) first.set(name, value);
  if (first.get('X-Amz-Algorithm') !== sigV4Algorithm) throw new FrameworkError('missingAuthentication');

  const credential = first.get('X-Amz-Credential');
  const signature = first.get('X-Amz-Signature');
  const signedHeaders = first.get('X-Amz-SignedHeaders');
  const amzDate = first.get('X-Amz-Date');
  const missing: string[] = [];
  if (credential === undefined) missing.push("AWS query-string parameters must include 'X-Amz-Credential'.");
  if (signature === undefined) missing.push("AWS query-string parameters must include 'X-Amz-Signature'.");
  if (signedHeaders === undefined) {
    missing.push("AWS query-string parameters must include 'X-Amz-SignedHeaders'.");
  }
  if (amzDate === undefined) missing.push("AWS query-string parameters must include 'X-Amz-Date'.");
  if (
    credential === undefined ||
    signature === undefined ||
    signedHeaders === undefined ||
    amzDate === undefined
  ) {
    throw new FrameworkError(
      'incompleteSignature',
      `${missing.join(' ')} Re-examine the query-string parameters.`,
    );
  }
  return {
    credential,
    signature,
    signedHeaders: signedHeaders.split(';'),
    amzDate,
    expiresSeconds: parseExpires(first.get('X-Amz-Expires')),
    securityToken: first.get('X-Amz-Security-Token'),
  };
}

// The texts are S3's (the only service that documents them); non-S3 services are unverified (ref aws-iam-and-protocols §3.3.7).
function parseExpires(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value))
    throw new FrameworkError('incompleteSignature', 'X-Amz-Expires should be a number');
  const seconds = Number(value);
  if (seconds < 0) throw new FrameworkError('incompleteSignature', 'X-Amz-Expires must be non-negative');
  if (seconds > maxPresignedSeconds) {
    throw new FrameworkError(
      'incompleteSignature',
      `X-Amz-Expires must be less than a week (in seconds) that is ${maxPresignedSeconds}`,
    );
  }
  return seconds;
}
