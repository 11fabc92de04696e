import { isFrameworkError, type RequestContext } from '../../aws/index.js';
import type { EcrRegistryName } from '../../engines/ecr/index.js';
import { matchRule, type PullThroughRuleDocument } from './domain/pull-through-rule.js';
import type { EcrAccess, RegistryScope } from './ecr-access.js';
import { ecrErrors } from './errors.js';
import type { EcrImageStore } from './image-store.js';
import type { PullThroughRules } from './pull-through-rules.js';
import type { RegistryVerdict } from './registry-authorization.js';
import type { Repositories } from './repositories.js';
import type { RepositoryStore } from './store.js';
import type { UpstreamImages, UpstreamLogin } from './upstream-ports.js';

type Refusal = Exclude<RegistryVerdict, { ok: true }>;

/** ECR's registry texts for a first pull through the cache (ref ecr §2.4, §3.5). */
const imageNotFound: Refusal = { ok: false, code: 'MANIFEST_UNKNOWN', message: 'Requested image not found' };
const upstreamAuthFailed: Refusal = {
  ok: false,
  code: 'DENIED',
  message:
    'The authentication to the upstream registry failed. Verify that the credentials provided in the pull through cache rule are correct, and try again.',
};
/** The upstream did not answer: UnableToGetUpstreamImageException's model text, as the registry's DENIED [INF]. */
const upstreamUnavailable: Refusal = {
  ok: false,
  code: 'DENIED',
  message:
    'The image or images were unable to be pulled using the pull through cache rule. This is usually caused because of an issue with the Secrets Manager secret containing the credentials for the upstream registry.',
};

/**
 * The pull-through cache's first pulls (ref ecr §3.5): a manifest read of `<prefix>/<upstream repository>` that a rule
 * covers, for an image the cache does not hold yet, fetches it from the upstream with the rule's secret into the
 * repository — created on the way. The puller needs `ecr:CreateRepository` when the repository is missing (else the
 * repository is NAME_UNKNOWN, as ECR says) and `ecr:BatchImportUpstreamImage` (else the image is "not found").
 * Cached tags are served as they are: AWS's refresh "up to once per 24 hours" is not made [INF: a later change].
 */
export class PullThroughCache {
  /** First pulls under way, so that concurrent pullers of one image share one import. */
  readonly #pending = new Map<string, Promise<Refusal | undefined>>();

  constructor(
    private readonly deps: {
      readonly rules: PullThroughRules;
      readonly access: EcrAccess;
      readonly store: RepositoryStore;
      readonly repositories: Repositories;
      readonly images: EcrImageStore;
      readonly upstream: UpstreamImages;
    },
  ) {}

  /** Before a manifest read: fills the cache when a rule covers the name; a refusal when the puller may not. */
  async fill(ctx: RequestContext, name: EcrRegistryName, reference: string): Promise<Refusal | undefined> {
    const scope: RegistryScope = { account: name.account, region: name.region };
    const matched = matchRule(this.deps.rules.list(scope), name.repository);
    if (!matched) return undefined;
    const registryName = this.deps.repositories.registryName({ ...scope, name: name.repository });
    if (this.holds(registryName, reference)) return undefined;
    const key = `${registryName}@${reference}`;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.firstPull(ctx, scope, name.repository, reference, matched).finally(() =>
        this.#pending.delete(key),
      );
      this.#pending.set(key, pending);
    }
    return pending;
  }

  private async firstPull(
    ctx: RequestContext,
    scope: RegistryScope,
    name: string,
    reference: string,
    matched: { rule: PullThroughRuleDocument; upstreamRepository: string },
  ): Promise<Refusal | undefined> {
    const found = this.deps.store.get(scope.account, scope.region, name);
    if (!found && !(await this.allowed(ctx, 'CreateRepository', scope, name))) {
      return {
        ok: false,
        code: 'NAME_UNKNOWN',
        message: ecrErrors.repositoryNotFound(name, scope.account).message,
      };
    }
    if (!(await this.allowed(ctx, 'BatchImportUpstreamImage', scope, name))) return imageNotFound;
    let login: UpstreamLogin | undefined;
    if (matched.rule.credentialArn !== undefined) {
      const secret = await this.deps.rules.readSecret(scope, matched.rule.credentialArn);
      if (!secret.ok) return upstreamUnavailable;
      login = { username: secret.username, password: secret.accessToken };
    }
    const imported = await this.deps.upstream.import({
      upstreamUrl: matched.rule.upstreamRegistryUrl,
      repository: matched.upstreamRepository,
      reference,
      ...(login ? { login } : {}),
      into: this.deps.repositories.registryName({ ...scope, name }),
    });
    if (!imported.ok) {
      if (imported.failure === 'not-found') return imageNotFound;
      return imported.failure === 'unauthorized' ? upstreamAuthFailed : upstreamUnavailable;
    }
    if (!this.deps.store.get(scope.account, scope.region, name)) this.deps.repositories.add(scope, { name });
    return undefined;
  }

  private holds(registryName: string, reference: string): boolean {
    if (reference.includes(':')) return this.deps.images.manifest(registryName, reference) !== undefined;
    return this.deps.images.tags(registryName).some((t) => t.tag === reference);
  }

  /** Whether the puller may `ecr:<action>` on the repository (its policy, when it exists, included). */
  private async allowed(ctx: RequestContext, action: string, scope: RegistryScope, name: string) {
    try {
      const found = this.deps.store.get(scope.account, scope.region, name);
      await this.deps.access.authorize(ctx, action, scope, name, found);
      return true;
    } catch (error) {
      if (isFrameworkError(error) && error.kind === 'accessDenied') return false;
      throw error;
    }
  }
}
