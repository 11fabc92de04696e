import type { Authorizer, RequestContext } from '../../aws/index.js';
import { normalizeTags, tagConditionKeys } from '../../engines/aws-tags/index.js';
import { ecrArns } from '../../engines/ecr/index.js';
import { type Policy, parsePolicy } from '../../engines/iam/index.js';
import type { RepositoryDocument } from './domain/repository-document.js';
import { ecrErrors } from './errors.js';
import type { RepositoryStore } from './store.js';

/** The registry a request acts on: `registryId` when given (ref ecr §1.2: omitted ⇒ the caller's account). */
export interface RegistryScope {
  readonly account: string;
  readonly region: string;
}

/**
 * Authorizes ECR actions on repositories: identity policies together with the repository policy (kind `resource`,
 * cross-account needs both sides), ref ecr §2.5; IAM is asked before existence is revealed, as for secrets.
 */
export class EcrAccess {
  readonly #policies = new Map<string, Policy>();

  constructor(
    private readonly store: RepositoryStore,
    readonly authorizer: Authorizer,
    private readonly partition: string,
  ) {}

  scope(ctx: RequestContext, registryId: string | undefined): RegistryScope {
    return { account: registryId ?? ctx.accountId, region: ctx.region };
  }

  arn(scope: RegistryScope, name: string): string {
    return ecrArns.repository({ ...scope, partition: this.partition }, name);
  }

  /** `ecr:<action>` on the repository (its policy included when it exists); the repository, or not found. */
  async repository(
    ctx: RequestContext,
    action: string,
    scope: RegistryScope,
    name: string,
  ): Promise<RepositoryDocument> {
    const found = this.store.get(scope.account, scope.region, name);
    await this.authorize(ctx, action, scope, name, found);
    if (!found) throw ecrErrors.repositoryNotFound(name, scope.account);
    return found;
  }

  async authorize(
    ctx: RequestContext,
    action: string,
    scope: RegistryScope,
    name: string,
    found: RepositoryDocument | undefined,
  ): Promise<void> {
    await this.authorizer.authorize(ctx, {
      action: `ecr:${action}`,
      resource: this.arn(scope, name),
      resourceAccount: scope.account,
      ...(found?.policyText === undefined ? {} : { resourcePolicy: this.policy(found.policyText) }),
      context: tagConditionKeys.resource(normalizeTags(found?.tags ?? [], 'Key')),
    });
  }

  /** A repository policy, parsed once per text; a malformed one is the engine's error (translated by the service). */
  policy(text: string): Policy {
    let policy = this.#policies.get(text);
    if (!policy) {
      // Its statements may leave Resource out; the policy is only ever evaluated for its own repository.
      policy = parsePolicy(text, { kind: 'resource', name: 'PolicyText', implicitResource: '*' });
      if (this.#policies.size >= 1000) this.#policies.clear();
      this.#policies.set(text, policy);
    }
    return policy;
  }
}
