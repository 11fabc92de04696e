import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { ALGORITHM_IDENTIFIER, createScope, getSigningKey, SignatureV4Base } from '@smithy/signature-v4';
import { type HttpRequest, headerValues } from '../http.js';

/** The pieces of a request that go into the canonical request, already decoded and selected. */
export interface CanonicalInput {
  readonly method: string;
  /** The path as it was on the wire (percent-encoded); smithy normalises and encodes it again (§3.2). */
  readonly path: string;
  /** Decoded query parameters, repeats as arrays. */
  readonly query: Record<string, string | string[]>;
  /** Lowercase signed header names → canonical value (trimmed, collapsed, repeats joined with `,`). */
  readonly headers: Record<string, string>;
  readonly payloadHash: string;
}

export interface SigningInput {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
  /** `YYYYMMDDTHHMMSSZ` exactly as the client used it. */
  readonly longDate: string;
  readonly shortDate: string;
  readonly region: string;
  readonly service: string;
}

/**
 * The server half of SigV4, reusing the SDK's own code (reference §3.5): `SignatureV4Base` builds the canonical
 * request and string to sign, `getSigningKey` derives (and caches) the key. We feed it the client's pieces rather
 * than calling `sign()`, which would re-pick the headers and date itself.
 */
export class CanonicalSigner extends SignatureV4Base {
  constructor() {
    // Region, service and credentials are per request here; the base class only needs placeholders.
    super({
      service: 'unused',
      region: 'unused',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      sha256: NodeSha256,
      uriEscapePath: true,
      applyChecksum: false,
    });
  }

  canonicalRequest(input: CanonicalInput): string {
    const request = {
      method: input.method,
      protocol: 'https:',
      hostname: '',
      path: input.path,
      query: input.query,
      headers: input.headers,
    };
    return this.createCanonicalRequest(request, input.headers, input.payloadHash);
  }

  /** The hex signature the client should have sent for this canonical request. */
  async signature(canonicalRequest: string, signing: SigningInput): Promise<string> {
    const scope = createScope(signing.shortDate, signing.region, signing.service);
    const stringToSign = await this.createStringToSign(
      signing.longDate,
      scope,
      canonicalRequest,
      ALGORITHM_IDENTIFIER,
    );
    const key = await getSigningKey(
      this.sha256,
      {
        accessKeyId: signing.accessKeyId,
        secretAccessKey: signing.secretAccessKey,
        sessionToken: signing.sessionToken,
      },
      signing.shortDate,
      signing.region,
      signing.service,
    );
    const hmac = new NodeSha256(key);
    hmac.update(Buffer.from(stringToSign, 'utf8'));
    return Buffer.from(await hmac.digest()).toString('hex');
  }
}

/**
 * The canonical-request pieces of a wire request (reference §3.2): decoded query (repeats as arrays), the signed
 * headers only — lowercase, each value trimmed and whitespace-collapsed, repeats joined with `,` in arrival
 * order — and the SHA-256 of the real body (never the client's x-amz-content-sha256, never UNSIGNED-PAYLOAD).
 */
export function canonicalInputOf(
  request: HttpRequest,
  query: ReadonlyArray<readonly [string, string]>,
  signedHeaders: readonly string[],
): CanonicalInput {
  const headers: Record<string, string> = Object.create(null);
  for (const name of signedHeaders) {
    const lower = name.toLowerCase();
    headers[lower] = headerValues(request.headers, lower)
      .map((value) =>
        value
          .replace(/[\r\n]/g, ' ')
          .replace(/[ \t]+/g, ' ')
          .trim(),
      )
      .join(',');
  }
  const bag: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of query) {
    const existing = bag[name];
    if (existing === undefined) bag[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else bag[name] = [existing, value];
  }
  return {
    method: request.method,
    path: request.path,
    query: bag,
    headers,
    payloadHash: createHash('sha256').update(request.body).digest('hex'),
  };
}

/**
 * SHA-256 / HMAC-SHA256 in smithy's Checksum shape over node:crypto, instead of a dependency on @smithy/hash-node
 * (deprecated, and only a re-export of the same few lines).
 */
class NodeSha256 {
  readonly #secret: Uint8Array | string | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: Uint8Array | string | ArrayBuffer | ArrayBufferView) {
    this.#secret = toKey(secret);
    this.#hash = this.#fresh();
  }

  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }

  reset(): void {
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
}

function toKey(
  secret: Uint8Array | string | ArrayBuffer | ArrayBufferView | undefined,
): Uint8Array | string | undefined {
  if (secret === undefined || typeof secret === 'string' || secret instanceof Uint8Array) return secret;
  if (ArrayBuffer.isView(secret)) return new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
  return new Uint8Array(secret);
}
