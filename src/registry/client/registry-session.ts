import { repositoryScope, type Scope } from '../../engines/registry-auth/index.js';
import type { RegistryAuthorizer } from './authorizer.js';
import type { RegistryOperation } from './registry-error.js';
import { type RetryContext, sendWithRetry } from './send-with-retry.js';
import type { TransportResponse } from './transport.js';

export interface SessionContext extends RetryContext {
  readonly authorizer: RegistryAuthorizer;
}

export interface SessionRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  readonly url: URL;
  readonly operation: RegistryOperation;
  readonly headers?: Readonly<Record<string, string>>;
  /** A pushed blob or manifest; sent again as is when a 401 is answered. */
  readonly body?: Uint8Array;
  /** The repository actions the request needs: `pull` (default), or `pull,push` for a push. */
  readonly actions?: readonly ('pull' | 'push')[];
  readonly signal?: AbortSignal;
}

/**
 * Requests to one repository of one registry, authenticated: the authorizer's header on every request to the
 * registry host (pull scope for the repository, pull,push for a push), retries of transient failures, and at most two
 * more tries after a 401 — one to learn the challenge, one after a refused token — so a bad credential never loops.
 */
export class RegistrySession {
  readonly host: string;
  readonly repository: string;
  readonly #context: SessionContext;
  readonly #base: URL;

  constructor(context: SessionContext, host: string, repository: string) {
    this.#context = context;
    this.host = host;
    this.repository = repository;
    this.#base = context.transport.baseUrl(host);
  }

  /** `…/v2/<repository>/manifests/<reference>` or `…/blobs/<digest>`; `reference` is a validated tag or digest. */
  url(kind: 'manifests' | 'blobs', reference: string): URL {
    return new URL(`/v2/${this.repository}/${kind}/${reference}`, this.#base);
  }

  /** `…/v2/<repository>/blobs/uploads/`: where a blob upload starts. */
  uploadsUrl(): URL {
    return new URL(`/v2/${this.repository}/blobs/uploads/`, this.#base);
  }

  async send(request: SessionRequest): Promise<TransportResponse & { retryAfterMs?: number }> {
    let scopes: readonly Scope[] = [repositoryScope(this.repository, request.actions ?? ['pull'])];
    // Another try after a 401 at most once to learn the scheme and once after a refused token (containerd).
    const tried = new Set<string>();
    for (;;) {
      const authorization = await this.#context.authorizer.authorization(this.host, scopes);
      const response = await sendWithRetry(this.#context, {
        method: request.method,
        url: request.url,
        operation: request.operation,
        ...(request.headers === undefined ? {} : { headers: request.headers }),
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(authorization === undefined ? {} : { authorization }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
      // A 401 from elsewhere (a redirect target) is not the registry's challenge to answer.
      if (response.status !== 401 || response.url.host !== request.url.host) return response;
      const verdict = await this.#context.authorizer.unauthorized(this.host, scopes, response);
      if (!verdict.retry || verdict.reason === undefined || tried.has(verdict.reason)) return response;
      tried.add(verdict.reason);
      await response.body.dump().catch(() => undefined);
      scopes = verdict.scopes;
    }
  }
}
