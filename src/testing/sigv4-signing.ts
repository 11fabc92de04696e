// Test fixtures: the client side of SigV4 is @smithy/signature-v4's own SignatureV4, as the AWS SDK uses it, so
// every positive test is "what the SDK signs, berth accepts". Lives in src/testing/, so it never ships.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialLookup, StoredCredentials } from '../aws/auth/credential-lookup.js';
import type { CallerPrincipal } from '../aws/context.js';
import { type HttpRequest, httpRequest } from '../aws/http.js';
import { Secret } from '../errors/index.js';

export const akid = 'AKIDEXAMPLE';
export const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const tempAkid = 'ASIATEMPEXAMPLE00001';
export const tempSecret = 'temporarysecretkeyexample0000000000000000';
export const sessionToken = 'FQoGZXIvYXdzEXAMPLE+session/token==';
export const signingTime = new Date('2024-05-01T12:00:00Z');
export const host = '127.0.0.1:4566';

export const userPrincipal: CallerPrincipal = {
  arn: 'arn:aws:iam::000000000000:user/alice',
  accountId: '000000000000',
  userId: 'AIDAEXAMPLEALICE',
};
export const rolePrincipal: CallerPrincipal = {
  arn: 'arn:aws:sts::000000000000:assumed-role/exec/task-1',
  accountId: '000000000000',
  userId: 'AROAEXAMPLEROLE:task-1',
};

/** A credential store with one permanent key and one temporary key (expiring one hour after signingTime). */
export function credentialStore(
  overrides: Partial<Record<string, StoredCredentials | undefined>> = {},
): CredentialLookup {
  const store: Record<string, StoredCredentials | undefined> = {
    [akid]: { secretAccessKey: new Secret(secret), principal: userPrincipal },
    [tempAkid]: {
      secretAccessKey: new Secret(tempSecret),
      sessionToken: new Secret(sessionToken),
      expiresAt: new Date(signingTime.getTime() + 3600_000),
      principal: rolePrincipal,
    },
    ...overrides,
  };
  return async (id) => (Object.hasOwn(store, id) ? store[id] : undefined);
}

export interface SignOptions {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  service?: string;
  time?: Date;
  signableHeaders?: Set<string>;
  unsignableHeaders?: Set<string>;
  /** false signs the path as given, as S3 clients do (default true: normalised and encoded again). */
  uriEscapePath?: boolean;
}

/** Signs a request with the SDK's signer (Authorization header) and returns it as berth's HttpRequest. */
export async function signRequest(options: SignOptions = {}): Promise<HttpRequest> {
  const { signer, request, signing } = prepare(options);
  const signed = await signer.sign(request, signing);
  return toHttpRequest(signed, options.body);
}

/** Presigns a request with the SDK's signer (X-Amz-* query parameters). */
export async function presignRequest(
  options: SignOptions & { expiresIn?: number } = {},
): Promise<HttpRequest> {
  const { signer, request, signing } = prepare(options);
  const presigned = await signer.presign(request, { ...signing, expiresIn: options.expiresIn ?? 900 });
  return toHttpRequest(presigned, options.body);
}

function prepare(options: SignOptions) {
  const signer = new SignatureV4({
    service: options.service ?? 'sts',
    region: options.region ?? 'us-east-1',
    credentials: {
      accessKeyId: options.accessKeyId ?? akid,
      secretAccessKey: options.secretAccessKey ?? secret,
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
    sha256: ClientSha256,
    uriEscapePath: options.uriEscapePath ?? true,
  });
  const body = options.body ?? '';
  const request = {
    method: options.method ?? 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: options.path ?? '/',
    query: { ...options.query },
    headers: {
      host,
      ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
      ...options.headers,
    },
    body,
  };
  const signing = {
    signingDate: options.time ?? signingTime,
    signableHeaders: options.signableHeaders,
    unsignableHeaders: options.unsignableHeaders,
  };
  return { signer, request, signing };
}

/** SHA-256 for the client signer, written here so the client side shares no code with canonical-signer.ts. */
export class ClientSha256 {
  readonly #chunks: Uint8Array[] = [];
  readonly secret: string | Uint8Array | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret =
      secret === undefined || typeof secret === 'string'
        ? secret
        : ArrayBuffer.isView(secret)
          ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
          : new Uint8Array(secret);
  }
  update(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
  }
  async digest(): Promise<Uint8Array> {
    const hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
    for (const chunk of this.#chunks) hash.update(chunk);
    return new Uint8Array(hash.digest());
  }
  reset(): void {
    this.#chunks.length = 0;
  }
}

interface SmithyRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

/** The wire form: query encoded as the SDK's HTTP handler would, headers as a raw list. */
export function toHttpRequest(request: SmithyRequest, body = ''): HttpRequest {
  const query = Object.entries(request.query ?? {})
    .flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v]) : [[name, value ?? '']]))
    .map(([name, value]) => `${rfc3986(name!)}=${rfc3986(value!)}`)
    .join('&');
  return httpRequest({
    method: request.method,
    path: request.path,
    query,
    headers: Object.entries(request.headers),
    body: Buffer.from(body, 'utf8'),
  });
}

export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Replaces (or removes, with undefined) one header of a request, keeping the others in order. */
export function withHeader(request: HttpRequest, name: string, value: string | undefined): HttpRequest {
  const others = request.headers.filter(([key]) => key.toLowerCase() !== name.toLowerCase());
  return { ...request, headers: value === undefined ? others : [...others, [name, value]] };
}

export function authorizationOf(request: HttpRequest): string {
  const found = request.headers.find(([name]) => name.toLowerCase() === 'authorization');
  assert.ok(found, 'request has no Authorization header');
  return found[1];
}
