import type { RequestContext } from '../../aws/index.js';
import { tryParseArn } from '../../engines/arn/index.js';
import { keysetPage, pageMembers } from '../../engines/pagination/index.js';
import type { Clock } from '../../ports/index.js';
import {
  normalizePrefix,
  type PullThroughRuleDocument,
  upstreamRegistryOf,
} from './domain/pull-through-rule.js';
import type { EcrAccess, RegistryScope } from './ecr-access.js';
import { ecrErrors } from './errors.js';
import type { PullThroughRuleStore } from './store.js';
import type { SecretRead, UpstreamSecrets } from './upstream-ports.js';

export interface CreateRuleRequest {
  readonly registryId?: string;
  readonly prefix: string;
  readonly upstreamRegistryUrl: string;
  readonly upstreamRegistry?: string;
  readonly credentialArn?: string;
  readonly upstreamRepositoryPrefix?: string;
}

/** "max 10 rules (2022)" (ref ecr §3.5); the current quota is [UNCONFIRMED] (ref ecr §7). */
const maxRules = 10;

/**
 * The pull-through cache rules API (ref ecr §1.3): Create/Describe/Update/Delete/ValidatePullThroughCacheRule. The
 * rule's secret is read when the rule is made or changed, as ECR does (its Secrets Manager errors are Create's).
 * The rule actions authorize on `*`: rules are registry settings, not repositories [INF].
 */
export class PullThroughRules {
  constructor(
    private readonly deps: {
      readonly store: PullThroughRuleStore;
      readonly access: EcrAccess;
      readonly secrets: UpstreamSecrets;
      readonly clock: Clock;
    },
  ) {}

  async create(ctx: RequestContext, request: CreateRuleRequest) {
    const scope = await this.authorized(ctx, 'CreatePullThroughCacheRule', request.registryId);
    const prefix = normalizePrefix(request.prefix);
    if (this.deps.store.get(scope.account, scope.region, prefix)) throw ecrErrors.ruleAlreadyExists();
    if (this.deps.store.list(scope.account, scope.region).length >= maxRules) {
      throw ecrErrors.limitExceeded(
        `The maximum number of pull through cache rules (${maxRules}) for this registry has been reached.`,
      );
    }
    const upstreamRegistry = upstreamRegistryOf(request.upstreamRegistryUrl);
    if (request.upstreamRegistry !== undefined && request.upstreamRegistry !== upstreamRegistry) {
      throw ecrErrors.unsupportedUpstream();
    }
    if (request.credentialArn !== undefined) await this.checkSecret(scope, request.credentialArn);
    const now = this.now();
    const rule: PullThroughRuleDocument = {
      ...scope,
      ecrRepositoryPrefix: prefix,
      upstreamRegistryUrl: request.upstreamRegistryUrl,
      upstreamRegistry,
      ...(request.credentialArn === undefined ? {} : { credentialArn: request.credentialArn }),
      upstreamRepositoryPrefix: normalizePrefix(request.upstreamRepositoryPrefix ?? 'ROOT'),
      createdAt: now,
      updatedAt: now,
    };
    this.deps.store.put(rule);
    const { updatedAt: _, ...out } = render(rule);
    return out;
  }

  async describe(
    ctx: RequestContext,
    request: { registryId?: string; prefixes?: string[]; nextToken?: string; maxResults?: number },
  ) {
    const scope = await this.authorized(ctx, 'DescribePullThroughCacheRules', request.registryId);
    if (request.prefixes) {
      return { pullThroughCacheRules: request.prefixes.map((p) => render(this.rule(scope, p))) };
    }
    const page = keysetPage(
      this.deps.store.list(scope.account, scope.region),
      { token: request.nextToken, limit: request.maxResults ?? 1000 },
      {
        keyOf: (r) => r.ecrRepositoryPrefix,
        invalidToken: () => ecrErrors.invalidParameter('Invalid NextToken'),
      },
    );
    return { pullThroughCacheRules: page.items.map(render), ...pageMembers(page, { next: 'nextToken' }) };
  }

  async update(
    ctx: RequestContext,
    request: { registryId?: string; prefix: string; credentialArn?: string },
  ) {
    const scope = await this.authorized(ctx, 'UpdatePullThroughCacheRule', request.registryId);
    const rule = this.rule(scope, request.prefix);
    if (request.credentialArn !== undefined) await this.checkSecret(scope, request.credentialArn);
    const updated: PullThroughRuleDocument = {
      ...rule,
      ...(request.credentialArn === undefined ? {} : { credentialArn: request.credentialArn }),
      updatedAt: this.now(),
    };
    this.deps.store.put(updated);
    return {
      ecrRepositoryPrefix: updated.ecrRepositoryPrefix,
      registryId: updated.account,
      updatedAt: updated.updatedAt,
      ...(updated.credentialArn === undefined ? {} : { credentialArn: updated.credentialArn }),
      upstreamRepositoryPrefix: updated.upstreamRepositoryPrefix,
    };
  }

  async delete(ctx: RequestContext, request: { registryId?: string; prefix: string }) {
    const scope = await this.authorized(ctx, 'DeletePullThroughCacheRule', request.registryId);
    const rule = this.rule(scope, request.prefix);
    this.deps.store.delete(rule);
    const { updatedAt: _, upstreamRegistry: __, ...out } = render(rule);
    return out;
  }

  /** Whether the rule's secret can be read now; a failure is reported, not thrown (ref ecr §1.3). */
  async validate(ctx: RequestContext, request: { registryId?: string; prefix: string }) {
    const scope = await this.authorized(ctx, 'ValidatePullThroughCacheRule', request.registryId);
    const rule = this.rule(scope, request.prefix);
    let failure: string | undefined;
    if (rule.credentialArn !== undefined) {
      const read = await this.readSecret(scope, rule.credentialArn);
      if (!read.ok) failure = secretError(read).message;
    }
    const { createdAt: _, updatedAt: __, upstreamRegistry: ___, ...out } = render(rule);
    return { ...out, isValid: failure === undefined, ...(failure === undefined ? {} : { failure }) };
  }

  /** The rules of a registry, for the cache's first pulls. */
  list(scope: RegistryScope): PullThroughRuleDocument[] {
    return this.deps.store.list(scope.account, scope.region);
  }

  /** The rule's secret, read as ECR reads it; a secret in another account or region is not accessible (ref ecr §3.5). */
  readSecret(scope: RegistryScope, credentialArn: string): Promise<SecretRead> {
    const arn = tryParseArn(credentialArn);
    if (arn?.account !== scope.account || arn.region !== scope.region) {
      return Promise.resolve({ ok: false, failure: 'access-denied' });
    }
    return this.deps.secrets.read(scope, credentialArn);
  }

  private async checkSecret(scope: RegistryScope, credentialArn: string): Promise<void> {
    const read = await this.readSecret(scope, credentialArn);
    if (!read.ok) throw secretError(read);
  }

  private rule(scope: RegistryScope, prefix: string): PullThroughRuleDocument {
    const rule = this.deps.store.get(scope.account, scope.region, normalizePrefix(prefix));
    if (!rule) throw ecrErrors.ruleNotFound();
    return rule;
  }

  private async authorized(ctx: RequestContext, action: string, registryId: string | undefined) {
    await this.deps.access.authorizer.authorize(ctx, { action: `ecr:${action}`, resource: '*' });
    return this.deps.access.scope(ctx, registryId);
  }

  private now(): number {
    return Math.floor(this.deps.clock.now().getTime() / 1000);
  }
}

function secretError(read: Extract<SecretRead, { ok: false }>) {
  if (read.failure === 'not-found') return ecrErrors.secretNotFound();
  if (read.failure === 'decrypt') return ecrErrors.unableToDecryptSecret();
  return ecrErrors.unableToAccessSecret();
}

function render(rule: PullThroughRuleDocument) {
  return {
    ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
    upstreamRegistryUrl: rule.upstreamRegistryUrl,
    createdAt: rule.createdAt,
    registryId: rule.account,
    upstreamRegistry: rule.upstreamRegistry,
    ...(rule.credentialArn === undefined ? {} : { credentialArn: rule.credentialArn }),
    upstreamRepositoryPrefix: rule.upstreamRepositoryPrefix,
    updatedAt: rule.updatedAt,
  };
}
