import { FrameworkError } from '../../errors.js';
import { firstHeader, type HttpRequest } from '../../http.js';

/** The bucket and key a request names, decoded; '' when it names none. */
export interface S3Address {
  readonly bucket: string;
  readonly key: string;
  /** How the bucket was named: in the path, or as the first labels of the Host. */
  readonly style: 'path' | 'virtual-host';
}

/**
 * Where an S3 request names its bucket (S3 "Virtual hosting of buckets"): virtual-hosted `bucket.s3.<anything>` or
 * `bucket.localhost` (the `<bucket>.localhost` names resolve to loopback without DNS setup), else path-style
 * `/bucket/key` — always the case for an IP address, `localhost` or an `s3.…` host, which is what the AWS CLI, the
 * SDKs with `forcePathStyle` and the CDK CLI send to a loopback endpoint (ref cloudformation-cdk §1.1).
 */
export function s3Address(request: Pick<HttpRequest, 'path' | 'headers'>): S3Address {
  const host = hostName(firstHeader(request.headers, 'host') ?? '');
  const hosted = virtualHostBucket(host);
  const path = request.path.startsWith('/') ? request.path.slice(1) : request.path;
  if (hosted !== undefined) return { bucket: hosted, key: decode(path), style: 'virtual-host' };
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: decode(path), key: '', style: 'path' };
  return { bucket: decode(path.slice(0, slash)), key: decode(path.slice(slash + 1)), style: 'path' };
}

function virtualHostBucket(host: string): string | undefined {
  if (host === '' || host === 'localhost' || host.startsWith('s3.') || /^[\d.]+$/.test(host))
    return undefined;
  if (host.startsWith('[')) return undefined;
  const s3 = host.indexOf('.s3.');
  if (s3 > 0) return host.slice(0, s3);
  if (host.endsWith('.localhost')) return host.slice(0, -'.localhost'.length);
  return undefined;
}

/** The Host header without its port, lower-cased. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}

/** A path part, percent-decoded (S3 keys are arbitrary UTF-8; `+` in a path is a plus). */
function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new FrameworkError('validation', 'The request path is not valid percent-encoded UTF-8.');
  }
}
