import type { ContentStore } from '../../content/index.js';
import { type ImageReference, registryApiHost } from '../../engines/oci/index.js';
import type { RealmPolicy } from '../../engines/registry-auth/index.js';
import { type Clock, systemClock } from '../../ports/index.js';
import { RegistryAuthorizer } from './authorizer.js';
import { type FetchedImage, type FetchOptions, fetchImage } from './fetcher.js';
import { anonymousKeychain, type Keychain } from './keychain.js';
import { RegistrySession, type SessionContext } from './registry-session.js';
import { type ResolvedImage, type ResolveOptions, resolveImage } from './resolver.js';
import { defaultRetryPolicy, type RetryPolicy, realSleep, type Sleep } from './retry-policy.js';
import type { RetryEvent } from './send-with-retry.js';
import { RegistryTransport, type TransportOptions } from './transport.js';

export interface RegistryClientOptions extends TransportOptions {
  /** Credentials by callback, asked per registry host; anonymous when absent. */
  readonly keychain?: Keychain;
  readonly retry?: Partial<RetryPolicy>;
  readonly sleep?: Sleep;
  readonly clock?: Clock;
  readonly realmPolicy?: RealmPolicy;
  readonly onRetry?: (event: RetryEvent) => void;
  /** A transport to share between clients (one keep-alive pool); the client then does not close it. */
  readonly transport?: RegistryTransport;
}

/**
 * berth's registry client: resolve a reference to a verified, platform-matched image, then fetch its blobs into a
 * content store. One client holds one keep-alive pool, one challenge per host and one token cache, so several
 * pulls through it share connections and tokens.
 */
export class RegistryClient {
  readonly #context: SessionContext;
  readonly #ownsTransport: boolean;
  readonly #sessions = new Map<string, RegistrySession>();

  constructor(options: RegistryClientOptions = {}) {
    const transport = options.transport ?? new RegistryTransport(options);
    this.#ownsTransport = options.transport === undefined;
    const retryContext = {
      transport,
      retry: { ...defaultRetryPolicy, ...options.retry },
      sleep: options.sleep ?? realSleep,
      clock: options.clock ?? systemClock,
      ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
    };
    const authorizer = new RegistryAuthorizer({
      ...retryContext,
      keychain: options.keychain ?? anonymousKeychain,
      ...(options.realmPolicy === undefined ? {} : { realmPolicy: options.realmPolicy }),
    });
    this.#context = { ...retryContext, authorizer };
  }

  /** The session for a reference's repository on its registry's API host. */
  session(reference: ImageReference): RegistrySession {
    const host = registryApiHost(reference);
    const key = `${host}/${reference.path}`;
    let session = this.#sessions.get(key);
    if (session === undefined) {
      session = new RegistrySession(this.#context, host, reference.path);
      this.#sessions.set(key, session);
    }
    return session;
  }

  resolve(reference: ImageReference, options: ResolveOptions): Promise<ResolvedImage> {
    return resolveImage(this.session(reference), reference, options);
  }

  fetch(image: ResolvedImage, store: ContentStore, options: FetchOptions = {}): Promise<FetchedImage> {
    return fetchImage(this.session(image.reference), this.#context, image, store, options);
  }

  async close(): Promise<void> {
    if (this.#ownsTransport) await this.#context.transport.close();
  }
}
