import type {
  Caller,
  CallerIdentity,
  CredentialLookup,
  IdentityResolver,
  StoredCredentials,
} from '../../aws/index.js';
import { arnBuilders } from '../../engines/arn/index.js';
import type { Secret } from '../../errors/index.js';
import { BerthError } from '../../errors/index.js';

type IdentitySource = (caller: Caller) => CallerIdentity | undefined | Promise<CallerIdentity | undefined>;

/** Who knows callers: each source knows some access keys and the identities behind them. */
export interface CallerSource {
  readonly credentials?: CredentialLookup;
  readonly identities?: IdentitySource;
}

/**
 * Every caller berth knows, asked in the order the sources were added: root first (so that root's requests load no
 * part), then the parts' (IAM users' keys and STS sessions), then any a test adds.
 */
export class CallerDirectory {
  readonly #sources: CallerSource[] = [];

  constructor(sources: readonly CallerSource[] = []) {
    this.#sources.push(...sources);
  }

  add(source: CallerSource): void {
    this.#sources.push(source);
  }

  readonly credentials: CredentialLookup = async (accessKeyId) => {
    for (const { credentials } of this.#sources) {
      const found = await credentials?.(accessKeyId);
      if (found) return found;
    }
    return undefined;
  };

  readonly identity: IdentityResolver = async (caller) => {
    for (const { identities } of this.#sources) {
      const identity = await identities?.(caller);
      if (identity) return identity;
    }
    // Authentication succeeded, so some credential source knows this caller: a wiring bug, not a denial.
    throw new BerthError('BERTH_INTERNAL', `no identity source knows the caller ${caller.principal.arn}`);
  };
}

/** The root user: its key, full access in its account, no policies (ref aws-iam-and-protocols §1.7). */
export function rootCaller(
  root: { readonly accessKeyId: string; readonly secretAccessKey: Secret },
  accountId: string,
): CallerSource {
  const arn = arnBuilders.accountRoot('aws', accountId);
  const stored: StoredCredentials = {
    secretAccessKey: root.secretAccessKey,
    principal: { arn, accountId, userId: accountId },
  };
  const identity: CallerIdentity = {
    principal: { type: 'root', arn, account: accountId },
    identityPolicies: [],
  };
  return {
    credentials: async (accessKeyId) => (accessKeyId === root.accessKeyId ? stored : undefined),
    identities: (caller) => (caller.principal.arn === arn ? identity : undefined),
  };
}
