import { createHmac, type Hmac, hash } from 'node:crypto';
import { ALGORITHM_IDENTIFIER, createScope, getSigningKey, SignatureV4Base } from '@smithy/signature-v4';
import type { HttpRequest } from '../http.js';

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
 * The server half of SigV4, reusing the SDK's own code (ref aws-iam-and-protocols §3.5): `SignatureV4Base` builds the canonical
 * request and string to sign, `getSigningKey` derives (and caches) the key. We feed it the client's pieces rather
 * than calling `sign()`, which would re-pick the headers and date itself.
 */
export class CanonicalSigner extends SignatureV4Base {
  readonly #keys = new Map<string, { readonly secret: string; readonly key: Uint8Array }>();

  /** `uriEscapePath: false` is S3's rule: the path is signed exactly as sent. */
  constructor(options: { readonly uriEscapePath?: boolean } = {}) {
    // Region, service and credentials are per request here; the base class only needs placeholders.
    super({
      service: 'unused',
      region: 'unused',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      sha256: NodeSha256,
      uriEscapePath: options.uriEscapePath ?? true,
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
    const key = await this.signingKey(signing);
    return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  }

  /**
   * The signing key of a key id, day, region and service, derived by smithy's `getSigningKey` and kept here:
   * smithy keeps it too, but works out its own cache key with an HMAC on every call. An entry serves only the
   * same secret (a key id whose secret changed derives again).
   */
  async signingKey(signing: SigningInput): Promise<Uint8Array> {
    const id = `${signing.accessKeyId}/${signing.shortDate}/${signing.region}/${signing.service}`;
    const kept = this.#keys.get(id);
    if (kept?.secret === signing.secretAccessKey) return kept.key;
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
    if (this.#keys.size >= maxSigningKeys) this.#keys.delete(this.#keys.keys().next().value!);
    this.#keys.set(id, { secret: signing.secretAccessKey, key });
    return key;
  }
}

/** Signing keys kept (one per key id, day, region and service in use); the oldest goes first. */
const maxSigningKeys = 10_000;

/**
 * The canonical-request pieces of a wire request (ref aws-iam-and-protocols §3.2): decoded query (repeats as arrays), the signed
 * headers only — lowercase, each value trimmed and whitespace-collapsed, repeats joined with `,` in arrival
 * order — and the SHA-256 of the real body (never the client's x-amz-content-sha256, never UNSIGNED-PAYLOAD), except
 * for S3, whose declared hash is checked against the body by the protocol as it streams.
 */
export function canonicalInputOf(
  request: HttpRequest,
  query: ReadonlyArray<readonly [string, string]>,
  signedHeaders: readonly string[],
  /** S3 signs the `x-amz-content-sha256` it was sent instead (auth/s3-payload.ts). */
  signedPayload?: string,
): CanonicalInput {
  // Header names lower-cased once, rather than once per signed header.
  const names = request.headers.map(([name]) => name.toLowerCase());
  const headers: Record<string, string> = Object.create(null);
  for (const name of signedHeaders) {
    const lower = name.toLowerCase();
    let joined: string | undefined;
    for (let i = 0; i < names.length; i++) {
      if (names[i] !== lower) continue;
      const value = canonicalValue(request.headers[i]![1]);
      joined = joined === undefined ? value : `${joined},${value}`;
    }
    headers[lower] = joined ?? '';
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
    payloadHash: signedPayload ?? hash('sha256', request.body, 'hex'),
  };
}

/** A header value as SigV4 canonicalises it: line breaks and runs of spaces or tabs folded to one space, trimmed. */
function canonicalValue(value: string): string {
  // Most values have nothing to fold, and then folding is only trimming.
  if (!foldable.test(value)) return value.trim();
  return value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

const foldable = /[\r\n\t]| {2}/;

/**
 * SHA-256 / HMAC-SHA256 in smithy's Checksum shape over node:crypto, instead of a dependency on @smithy/hash-node
 * (deprecated, and only a re-export of the same few lines). A plain SHA-256 (smithy hashes the canonical request
 * with it) is computed in one shot when digested, which spares making a Hash object per request.
 */
class NodeSha256 {
  readonly #secret: Uint8Array | string | undefined;
  #hmac: Hmac | undefined;
  #chunks: Uint8Array[] = [];

  constructor(secret?: Uint8Array | string | ArrayBuffer | ArrayBufferView) {
    this.#secret = toKey(secret);
    if (this.#secret !== undefined) this.#hmac = createHmac('sha256', this.#secret);
  }

  update(chunk: Uint8Array): void {
    if (this.#hmac) this.#hmac.update(chunk);
    else this.#chunks.push(chunk);
  }

  digest(): Promise<Uint8Array> {
    if (this.#hmac) return Promise.resolve(new Uint8Array(this.#hmac.digest()));
    const data = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    return Promise.resolve(new Uint8Array(hash('sha256', data, 'buffer')));
  }

  reset(): void {
    if (this.#secret !== undefined) this.#hmac = createHmac('sha256', this.#secret);
    this.#chunks = [];
  }
}

function toKey(
  secret: Uint8Array | string | ArrayBuffer | ArrayBufferView | undefined,
): Uint8Array | string | undefined {
  if (secret === undefined || typeof secret === 'string' || secret instanceof Uint8Array) return secret;
  if (ArrayBuffer.isView(secret)) return new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
  return new Uint8Array(secret);
}
