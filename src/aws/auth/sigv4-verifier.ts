import { timingSafeEqual } from 'node:crypto';
import type { Caller } from '../context.js';
import { FrameworkError } from '../errors.js';
import { firstHeader, type HttpRequest } from '../http.js';
import { parseQueryString } from '../query-string.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { CanonicalSigner, canonicalInputOf } from './canonical-signer.js';
import type { CredentialLookup } from './credential-lookup.js';
import { checkCredentialScope, parseCredential, type ScopeExpectation } from './credential-scope.js';
import { hasPresignedQuery, parsePresignedQuery } from './presigned-query.js';
import { checkClockSkew, checkPresignedExpiry, formatBasic, parseRequestTime } from './request-time.js';
import { type ChunkSigning, type DeclaredPayload, declaredPayload } from './s3-payload.js';

export interface SigV4VerifierOptions {
  readonly credentials: CredentialLookup;
  readonly clock: () => Date;
}

/** What the service routing decided about this request, checked against the signature's scope. */
export interface VerifyExpectation extends ScopeExpectation {
  /** The clock-skew window of the service: 5 for Secrets Manager, 15 for the others (ref aws-iam-and-protocols §3.3 step 6). */
  readonly skewMinutes: number;
  /**
   * S3's signing rules: the path signed as sent (no normalising, no second encoding) and the payload hash taken
   * from `x-amz-content-sha256` (S3's SigV4 pages); the body is checked against it by the protocol.
   */
  readonly s3?: boolean;
}

export interface VerifiedRequest {
  readonly caller: Caller;
  /** The region of the credential scope. */
  readonly region: string;
  /** With S3's rules: what the signature promised of the body, and what its chunk signatures are checked with. */
  readonly payload?: { readonly declared: DeclaredPayload; readonly chunks?: ChunkSigning };
}

/** The pieces both auth forms share, once parsed. */
interface Presented {
  readonly credential: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly amzDate: string | undefined;
  readonly httpDate: string | undefined;
  readonly securityToken: string | undefined;
  readonly expiresSeconds: number | undefined;
}

/**
 * Verifies SigV4 on an incoming request — Authorization header or presigned query — in the order and with the
 * codes and texts of ref aws-iam-and-protocols §3.3: missing authentication, malformed header or query, host not signed, date
 * format, credential shape, scope, unknown key, session token, expired token, clock skew, presigned expiry,
 * signature. The canonical request is rebuilt from the raw header list and the real body (§3.2).
 */
export class SigV4Verifier {
  readonly #credentials: CredentialLookup;
  readonly #clock: () => Date;
  readonly #signer = new CanonicalSigner();
  readonly #s3Signer = new CanonicalSigner({ uriEscapePath: false });

  constructor(options: SigV4VerifierOptions) {
    this.#credentials = options.credentials;
    this.#clock = options.clock;
  }

  async verify(request: HttpRequest, expected: VerifyExpectation): Promise<VerifiedRequest> {
    const query = parseQueryString(request.query);
    const presented = present(request, query);
    if (!presented.signedHeaders.includes('host') && !presented.signedHeaders.includes(':authority')) {
      throw new FrameworkError(
        'signatureDoesNotMatch',
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      );
    }
    const requestTime = parseRequestTime(presented.amzDate, presented.httpDate);
    const scope = parseCredential(presented.credential);
    checkCredentialScope(scope, requestTime, expected);

    const stored = await this.#credentials(scope.accessKeyId);
    if (!stored) throw new FrameworkError('unrecognizedClient');
    const expectedToken = stored.sessionToken?.reveal();
    if (!sameToken(presented.securityToken, expectedToken)) throw new FrameworkError('unrecognizedClient');
    const now = this.#clock();
    if (stored.expiresAt && stored.expiresAt.getTime() <= now.getTime())
      throw new FrameworkError('expiredToken');
    checkClockSkew(requestTime, now, expected.skewMinutes, presented.expiresSeconds !== undefined);
    if (presented.expiresSeconds !== undefined)
      checkPresignedExpiry(requestTime, now, presented.expiresSeconds);

    const s3 = expected.s3
      ? declaredPayload(request, query, firstHeader(request.headers, 'authorization') === undefined)
      : undefined;
    const signer = s3 ? this.#s3Signer : this.#signer;
    const input = canonicalInputOf(request, query, presented.signedHeaders, s3?.signed);
    const canonical = signer.canonicalRequest(input);
    const longDate = formatBasic(requestTime);
    const signing = {
      accessKeyId: scope.accessKeyId,
      secretAccessKey: stored.secretAccessKey.reveal(),
      sessionToken: expectedToken,
      longDate,
      shortDate: longDate.slice(0, 8),
      region: scope.region,
      service: scope.service,
    };
    const wanted = await signer.signature(canonical, signing);
    if (!constantTimeEqual(presented.signature, wanted)) throw new FrameworkError('signatureDoesNotMatch');
    const caller = {
      accessKeyId: scope.accessKeyId,
      principal: stored.principal,
      temporary: expectedToken !== undefined,
    };
    if (!s3) return { caller, region: scope.region };
    return { caller, region: scope.region, payload: await this.#payload(s3.payload, presented, signing) };
  }

  async #payload(
    declared: DeclaredPayload,
    presented: Presented,
    signing: Parameters<CanonicalSigner['signingKey']>[0],
  ): Promise<NonNullable<VerifiedRequest['payload']>> {
    if (declared.kind !== 'signed-chunks') return { declared };
    const chunks: ChunkSigning = {
      seedSignature: presented.signature,
      longDate: signing.longDate,
      scope: `${signing.shortDate}/${signing.region}/${signing.service}/aws4_request`,
      signingKey: await this.#signer.signingKey(signing),
    };
    return { declared, chunks };
  }
}

function present(request: HttpRequest, query: ReadonlyArray<readonly [string, string]>): Presented {
  const authorization = firstHeader(request.headers, 'authorization');
  const presigned = hasPresignedQuery(query);
  if (authorization === undefined && !presigned) throw new FrameworkError('missingAuthentication');
  // Header and query authentication are mutually exclusive (ref aws-iam-and-protocols §3.1).
  if (authorization !== undefined && presigned) throw new FrameworkError('signatureDoesNotMatch');
  if (authorization !== undefined) {
    const amzDate = firstHeader(request.headers, 'x-amz-date');
    const httpDate = firstHeader(request.headers, 'date');
    const parsed = parseAuthorizationHeader(authorization, amzDate !== undefined || httpDate !== undefined);
    return {
      credential: parsed.credential,
      signedHeaders: parsed.signedHeaders,
      signature: parsed.signature,
      amzDate,
      httpDate,
      securityToken: firstHeader(request.headers, 'x-amz-security-token'),
      expiresSeconds: undefined,
    };
  }
  const parsed = parsePresignedQuery(query);
  return { ...parsed, httpDate: undefined };
}

function sameToken(presented: string | undefined, stored: string | undefined): boolean {
  if (presented === undefined || stored === undefined) return presented === stored;
  return constantTimeEqual(presented, stored);
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
