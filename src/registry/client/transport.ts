import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { BerthError, type Secret } from '../../errors/index.js';
import { describeNetworkFailure, goMethod } from './network-failure.js';
import { redactUrl } from './redact.js';
import { RegistryError, type RegistryOperation } from './registry-error.js';
import { type RegistryHostOptions, TransportPolicy } from './transport-policy.js';

export interface TransportOptions {
  /** Per-host settings (insecure, CA bundle), looked up by `host[:port]`. */
  readonly hosts?: Readonly<Record<string, RegistryHostOptions>>;
  /** Hosts where plain HTTP is allowed although they are not loopback (`--insecure-registry`). */
  readonly insecureHosts?: readonly string[];
  /** Keep-alive connections per origin; the layer downloads share them. Default 16. */
  readonly connectionsPerOrigin?: number;
  /** Default 30 s to the response headers. */
  readonly headersTimeoutMs?: number;
  /** Longest silence inside a body before the connection counts as dead; default 60 s (ECS: 1 min inactivity). */
  readonly bodyTimeoutMs?: number;
  /** Default 10, as Go's http.Client and containerd. */
  readonly maxRedirects?: number;
  /** Where the system's CA bundle is; default: the Debian/RHEL/Alpine paths, first that exists. */
  readonly systemCaFile?: string;
}

export interface TransportRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  readonly url: URL;
  /** What the request is for, so that a failure can be worded. */
  readonly operation: RegistryOperation;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent only to `url`'s host: a redirect to another host loses it (§0 item 3). */
  readonly authorization?: Secret;
  /** Bytes are sent as they are (a pushed blob or manifest); a redirect that keeps the method sends them again. */
  readonly body?: string | Secret | Uint8Array;
  readonly signal?: AbortSignal;
}

export interface TransportResponse {
  readonly status: number;
  /** Lower-case names; repeated headers are arrays. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The URL that answered, after redirects. */
  readonly url: URL;
  /** Whether Authorization went with the request that answered (false after a cross-host redirect). */
  readonly authorized: boolean;
  readonly body: Readable & { dump(opts?: { limit: number }): Promise<void> };
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * The registry client's HTTP: undici with a keep-alive pool per origin, HTTPS with the system CAs plus a per-host
 * bundle, plain HTTP only where `TransportPolicy` allows it, and redirects followed by hand so that credentials
 * never leave the host they were meant for and HTTPS is never downgraded (ref registry-protocol §3.1).
 */
export class RegistryTransport {
  readonly policy: TransportPolicy;
  readonly #options: TransportOptions;
  readonly #agents = new Map<string, Agent>();

  constructor(options: TransportOptions = {}) {
    this.#options = options;
    this.policy = new TransportPolicy(options);
  }

  /** `http://host` or `https://host` for a registry API host, per the policy. */
  baseUrl(host: string): URL {
    return this.policy.baseUrl(host);
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const maxRedirects = this.#options.maxRedirects ?? 10;
    let url = request.url;
    let method = request.method;
    let body = request.body;
    let authorization = request.authorization;
    for (let hop = 0; ; hop++) {
      this.policy.checkTarget(url, request.operation);
      const response = await this.#send(request, method, url, authorization, body);
      const location = response.headers.location;
      if (!redirectStatuses.has(response.statusCode) || location === undefined) {
        return {
          status: response.statusCode,
          headers: response.headers,
          url,
          authorized: authorization !== undefined,
          body: response.body,
        };
      }
      await response.body.dump().catch(() => undefined);
      if (hop >= maxRedirects) {
        throw new RegistryError('BERTH_REGISTRY_PROTOCOL', `stopped after ${maxRedirects} redirects`, {
          operation: request.operation,
          method,
          url: redactUrl(request.url),
        });
      }
      const next = this.policy.redirectTarget(
        url,
        Array.isArray(location) ? location[0]! : location,
        request.operation,
      );
      // Credentials belong to one host: once a redirect leaves it they are gone for the rest of the chain.
      if (next.host !== url.host) authorization = undefined;
      // Go's http.Client: 303, and 301/302 after anything but GET/HEAD, continue as a GET without the body.
      if (
        response.statusCode === 303 ||
        ((response.statusCode === 301 || response.statusCode === 302) &&
          method !== 'GET' &&
          method !== 'HEAD')
      ) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map((agent) => agent.close()));
  }

  async #send(
    request: TransportRequest,
    method: string,
    url: URL,
    authorization: Secret | undefined,
    body: string | Secret | Uint8Array | undefined,
  ): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = { 'user-agent': 'berth/0.1', ...request.headers };
    if (authorization !== undefined) headers.authorization = authorization.reveal();
    try {
      return await this.#agentFor(url).request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: method as Dispatcher.HttpMethod,
        headers,
        body:
          typeof body === 'string' || body instanceof Uint8Array || body === undefined
            ? (body ?? null)
            : body.reveal(),
        signal: request.signal ?? null,
        headersTimeout: this.#options.headersTimeoutMs ?? 30_000,
        bodyTimeout: this.#options.bodyTimeoutMs ?? 60_000,
      });
    } catch (error) {
      if (error instanceof BerthError) throw error;
      const network = describeNetworkFailure(error, url);
      throw new RegistryError(
        network.code === 'ABORTED' ? 'BERTH_REGISTRY_PROTOCOL' : 'BERTH_REGISTRY_UNAVAILABLE',
        `failed to do request: ${goMethod(method)} "${redactUrl(url)}": ${network.detail}`,
        { operation: request.operation, method, url: redactUrl(url), network, cause: error },
      );
    }
  }

  #agentFor(url: URL): Agent {
    const key = url.protocol === 'https:' ? this.policy.tlsKey(url.host) : 'plain';
    let agent = this.#agents.get(key);
    if (agent === undefined) {
      agent = new Agent({
        connections: this.#options.connectionsPerOrigin ?? 16,
        keepAliveTimeout: 10_000,
        ...(url.protocol === 'https:' ? { connect: { ca: this.policy.caFor(url.host) } } : {}),
      });
      this.#agents.set(key, agent);
    }
    return agent;
  }
}
