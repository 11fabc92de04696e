import { randomUUID } from 'node:crypto';
import { isFrameworkError, type RequestContext } from '../../aws/index.js';
import type { EcrRegistryName } from '../../engines/ecr/index.js';
import type { AuthTokens, TokenCheck, TokenGrant } from './auth-tokens.js';
import { tagIsImmutable } from './domain/repository-document.js';
import type { EcrAccess } from './ecr-access.js';
import { immutableTagMessage } from './errors.js';
import type { EcrImageStore } from './image-store.js';
import type { PullThroughCache } from './pull-through-cache.js';
import type { Repositories } from './repositories.js';
import type { RepositoryStore } from './store.js';

/** One registry request as ECR authorizes it: an IAM action on a repository (or on `*`). */
export interface RegistryCheck {
  readonly action: string;
  readonly repository: EcrRegistryName | '*';
  /** The tag a manifest PUT writes, checked against the repository's tag immutability. */
  readonly tag?: string;
  /** The tag or digest a manifest read names: a pull-through cache rule may have to fetch it first. */
  readonly reference?: string;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
}

/** ECR's answer, in the registry's error vocabulary (the composition turns it into the OCI error body). */
export type RegistryVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'DENIED' | 'NAME_UNKNOWN' | 'MANIFEST_UNKNOWN' | 'TAG_INVALID';
      readonly message: string;
    };

/**
 * What the registry asks ECR (the port the composition wires into the registry's authorizer): whether an
 * `AWS:<password>` login is a live token, and whether the principal behind it may perform one registry request —
 * the ECR action of its endpoint on the repository ARN, identity and repository policy together (ref ecr §2.3, §2.5).
 */
export class EcrRegistryAuthorization {
  constructor(
    private readonly deps: {
      readonly tokens: AuthTokens;
      readonly access: EcrAccess;
      readonly store: RepositoryStore;
      readonly repositories: Repositories;
      readonly images: EcrImageStore;
      readonly cache: PullThroughCache;
      readonly clock: { now(): Date };
    },
  ) {}

  login(password: string): TokenCheck {
    return this.deps.tokens.check(password);
  }

  async authorize(grant: TokenGrant, check: RegistryCheck): Promise<RegistryVerdict> {
    const ctx: RequestContext = {
      requestId: randomUUID(),
      service: 'ecr',
      operation: check.action.slice('ecr:'.length),
      region: grant.region,
      accountId: grant.account,
      caller: grant.caller,
      sourceIp: check.sourceIp,
      userAgent: check.userAgent,
      receivedAt: this.deps.clock.now(),
      tls: false,
    };
    try {
      if (check.repository === '*') {
        await this.deps.access.authorizer.authorize(ctx, {
          action: check.action,
          resource: '*',
          // ECR names `*` (ref ecr §2.3: `… ecr:DescribeRepositories on resource: *`).
          displayResource: '*',
        });
        return { ok: true };
      }
      const { account, region, repository: name } = check.repository;
      let found = this.deps.store.get(account, region, name);
      await this.deps.access.authorize(ctx, check.action.slice(4), { account, region }, name, found);
      if (check.reference !== undefined) {
        const refused = await this.deps.cache.fill(ctx, check.repository, check.reference);
        if (refused) return refused;
        found = this.deps.store.get(account, region, name);
      }
      if (!found) {
        return {
          ok: false,
          code: 'NAME_UNKNOWN',
          message: `The repository with name '${name}' does not exist in the registry with id '${account}'`,
        };
      }
      if (check.tag !== undefined && tagIsImmutable(found, check.tag)) {
        const registryName = this.deps.repositories.registryName(found);
        if (this.deps.images.tags(registryName).some((t) => t.tag === check.tag)) {
          return { ok: false, code: 'TAG_INVALID', message: immutableTagMessage(check.tag, name) };
        }
      }
      return { ok: true };
    } catch (error) {
      // IAM's AccessDenied text is what ECR puts in the registry's DENIED body (ref ecr §2.4).
      if (isFrameworkError(error) && error.kind === 'accessDenied') {
        return { ok: false, code: 'DENIED', message: error.message };
      }
      throw error;
    }
  }
}
