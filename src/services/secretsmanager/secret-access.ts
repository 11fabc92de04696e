import type { Authorizer, RequestContext } from '../../aws/index.js';
import { arnBuilders } from '../../engines/arn/index.js';
import { normalizeTags, tagConditionKeys } from '../../engines/aws-tags/index.js';
import { type ContextValue, type Policy, parsePolicy } from '../../engines/iam/index.js';
import type { SecretDocument } from './domain/secret-document.js';
import { namePattern, parseSecretId } from './domain/secret-id.js';
import { secretsErrors } from './errors.js';
import type { SecretStore } from './store.js';

/** What a SecretId names, and what IAM is asked about. */
export interface SecretLookup {
  readonly secret: SecretDocument | undefined;
  /**
   * The ARN IAM evaluates: the secret's ARN when named by name or full ARN; the partial ARN as given (so a policy
   * on `name-??????` does not match it — peers §C6); for a name that finds nothing, the ARN the name would have
   * without its suffix.
   */
  readonly resource: string;
  /** The SecretId as given: AWS's AccessDenied text names the resource this way (see `authorize`). */
  readonly given: string;
}

type Extra = Readonly<Record<string, ContextValue | undefined>>;

/**
 * Finds secrets by SecretId (ref aws-iam-and-protocols §4.3) and authorizes operations on them: the secret's resource policy is the
 * `resourcePolicy` (kind `resource`), with the condition keys `secretsmanager:SecretId`, `aws:ResourceTag/…` (and
 * its legacy alias `secretsmanager:ResourceTag/…`) and each operation's own. IAM is asked before existence is
 * revealed: a caller without permission gets AccessDenied for a secret that does not exist.
 */
export class SecretAccess {
  readonly #store: SecretStore;
  readonly #authorizer: Authorizer;
  readonly #partition: string;
  readonly #policies = new Map<string, Policy>();

  constructor(store: SecretStore, authorizer: Authorizer, partition: string) {
    this.#store = store;
    this.#authorizer = authorizer;
    this.#partition = partition;
  }

  find(ctx: RequestContext, secretId: string): SecretLookup {
    const reference = parseSecretId(secretId);
    if (reference.kind === 'name') {
      if (!namePattern.test(reference.name)) throw secretsErrors.invalidName();
      const secret = this.#store.secret(ctx.accountId, ctx.region, reference.name);
      const unsuffixed = arnBuilders.secret(this.#partition, ctx.region, ctx.accountId, reference.name);
      return { secret, resource: secret?.arn ?? unsuffixed, given: secretId };
    }
    if (reference.kind === 'other-arn') return { secret: undefined, resource: secretId, given: secretId };
    const found =
      reference.region === ctx.region
        ? this.#store.secret(reference.account, reference.region, reference.name)
        : undefined;
    const secret =
      found && (reference.kind === 'partial-arn' || found.arn === reference.arn) ? found : undefined;
    return { secret, resource: secretId, given: secretId };
  }

  /** Resolves when the caller may perform `secretsmanager:<action>` on what `lookup` names. */
  async authorize(
    ctx: RequestContext,
    action: string,
    lookup: SecretLookup,
    extra: Extra = {},
  ): Promise<void> {
    const { secret, resource, given } = lookup;
    await this.#authorizer.authorize(ctx, {
      action: `secretsmanager:${action}`,
      resource,
      resourcePolicy: secret?.resourcePolicy === undefined ? undefined : this.#policy(secret.resourcePolicy),
      context: { ...this.#secretKeys(secret, resource), ...extra },
      // AWS names the resource as the caller did: "… on resource: prod/db because …" for a name (observed:
      // mongodb/awscdk-resources-mongodbatlas#207, amzn/selling-partner-api-samples#76).
      displayResource: given,
    });
  }

  /** CreateSecret: IAM only (a new secret has no policy yet), on the ARN the secret will have. */
  async authorizeNew(ctx: RequestContext, action: string, arn: string, extra: Extra): Promise<void> {
    await this.#authorizer.authorize(ctx, {
      action: `secretsmanager:${action}`,
      resource: arn,
      context: { 'secretsmanager:SecretId': arn, ...extra },
    });
  }

  /** A resource policy document, parsed once per distinct text. */
  #policy(text: string): Policy {
    let policy = this.#policies.get(text);
    if (!policy) {
      policy = parsePolicy(text, { kind: 'resource', name: 'ResourcePolicy' });
      if (this.#policies.size >= 1000) this.#policies.clear();
      this.#policies.set(text, policy);
    }
    return policy;
  }

  #secretKeys(secret: SecretDocument | undefined, resource: string): Record<string, ContextValue> {
    return {
      'secretsmanager:SecretId': secret?.arn ?? resource,
      ...tagConditionKeys.resource(normalizeTags(secret?.tags ?? [], 'Key'), ['secretsmanager']),
    };
  }
}

/** Secret-level condition keys of a request's tags (CreateSecret, TagResource, UntagResource). */
export function requestTagKeys(
  tags: ReadonlyArray<{ Key: string; Value?: string }>,
): Record<string, ContextValue> {
  return tagConditionKeys.request(normalizeTags(tags, 'Key'));
}

/** A found secret, or ResourceNotFoundException. */
export function existing(lookup: SecretLookup): SecretDocument {
  if (!lookup.secret) throw secretsErrors.notFound();
  return lookup.secret;
}

/** A found secret that is not scheduled for deletion. */
export function live(lookup: SecretLookup): SecretDocument {
  const secret = existing(lookup);
  if (secret.deletedDate !== undefined) throw secretsErrors.markedForDeletion();
  return secret;
}
