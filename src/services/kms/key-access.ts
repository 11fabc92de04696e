import type { Authorizer, RequestContext } from '../../aws/index.js';
import { arnBuilders } from '../../engines/arn/index.js';
import { type AwsTag, normalizeTags, tagConditionKeys } from '../../engines/aws-tags/index.js';
import {
  type ContextValue,
  type LazyContextValue,
  type Policy,
  parsePolicy,
} from '../../engines/iam/index.js';
import { contextConditionKeys, type EncryptionContext } from './domain/encryption-context.js';
import type { KeyDocument } from './domain/key-document.js';
import { type AwsManagedKeyService, awsManagedKeyServiceOf } from './domain/key-policies.js';
import { parseKeyReference } from './domain/key-reference.js';
import { kmsErrors } from './errors.js';
import type { KmsStore } from './store.js';

/** Which KeyId forms an operation accepts (KMS API reference, per operation's KeyId parameter). */
export interface ResolveRules {
  /** Alias names and alias ARNs (Encrypt, Decrypt, GenerateDataKey*, DescribeKey). */
  readonly aliases: boolean;
  /** A key of another account, named by ARN ("Cross-account use: Yes"). */
  readonly crossAccount: boolean;
  /** DescribeKey of a predefined `alias/aws/…` alias creates the AWS managed key (DescribeKey API reference). */
  readonly createsManagedKey?: boolean;
}

export interface ResolvedKey {
  readonly key: KeyDocument;
  /** The alias the request named the key by: `kms:RequestAlias`. */
  readonly requestAlias?: string;
}

export interface KeyUse {
  /** The service calling on the caller's behalf (`secretsmanager`, `ssm`): `kms:ViaService`, `aws:CalledVia`. */
  readonly via?: string;
  readonly encryptionContext?: EncryptionContext;
  readonly requestAlias?: string;
  /** The tags a request sets or removes (TagResource, UntagResource): `aws:TagKeys`, `aws:RequestTag/…`. */
  readonly requestTags?: readonly AwsTag[];
}

/**
 * Finds the key a request names and asks the authorizer whether the caller may use it: the key policy is the
 * resource policy (kind `key`: it must allow explicitly, an account principal delegating to IAM, ref aws-iam-and-protocols §1.3),
 * with the KMS condition keys of the request (ref aws-iam-and-protocols §1.11).
 */
export class KeyAccess {
  readonly #store: KmsStore;
  readonly #authorizer: Authorizer;
  readonly #partition: string;
  readonly #ensureManaged: (account: string, region: string, service: AwsManagedKeyService) => KeyDocument;
  readonly #policies = new Map<string, Policy>();

  constructor(
    store: KmsStore,
    authorizer: Authorizer,
    partition: string,
    ensureManaged: (account: string, region: string, service: AwsManagedKeyService) => KeyDocument,
  ) {
    this.#store = store;
    this.#authorizer = authorizer;
    this.#partition = partition;
    this.#ensureManaged = ensureManaged;
  }

  resolve(ctx: RequestContext, keyId: string, rules: ResolveRules): ResolvedKey {
    const reference = parseKeyReference(keyId);
    if (!reference) throw kmsErrors.invalidKeyId(keyId);
    if (!rules.aliases && (reference.kind === 'alias-name' || reference.kind === 'alias-arn'))
      throw kmsErrors.aliasesNotSupported();
    const account =
      reference.kind === 'key-arn' || reference.kind === 'alias-arn' ? reference.account : ctx.accountId;
    const region = ctx.region;
    if ((reference.kind === 'key-arn' || reference.kind === 'alias-arn') && reference.region !== region)
      throw kmsErrors.invalidArnRegion(reference.region);
    if (reference.kind === 'key-id' || reference.kind === 'key-arn') {
      const arn = arnBuilders.kmsKey(this.#partition, region, account, reference.keyId);
      const key =
        account !== ctx.accountId && !rules.crossAccount
          ? undefined
          : this.#store.key(account, region, reference.keyId);
      if (!key) throw kmsErrors.keyNotFound(arn);
      return { key };
    }
    const { aliasName } = reference;
    const aliasArn = arnBuilders.kmsAlias(this.#partition, region, account, aliasName);
    if (account !== ctx.accountId && !rules.crossAccount) throw kmsErrors.aliasNotFound(aliasArn);
    const alias = this.#store.alias(account, region, aliasName);
    if (alias) {
      const key = this.#store.key(account, region, alias.targetKeyId);
      if (key) return { key, requestAlias: aliasName };
    }
    const managed = awsManagedKeyServiceOf(aliasName);
    if (rules.createsManagedKey && managed !== undefined && account === ctx.accountId) {
      return { key: this.#ensureManaged(account, region, managed), requestAlias: aliasName };
    }
    throw kmsErrors.aliasNotFound(aliasArn);
  }

  /** Resolves when the caller may perform `kms:<action>` on the key; throws the authorizer's denial otherwise. */
  async authorize(ctx: RequestContext, key: KeyDocument, action: string, use: KeyUse = {}): Promise<void> {
    await this.#authorizer.authorize(ctx, {
      action: `kms:${action}`,
      resource: key.arn,
      resourcePolicy: this.policy(key),
      resourceAccount: key.account,
      context: this.#conditionKeys(ctx, key, use),
    });
  }

  /** The key policy, parsed once per distinct document. */
  policy(key: KeyDocument): Policy {
    let policy = this.#policies.get(key.policy);
    if (!policy) {
      policy = parsePolicy(key.policy, { kind: 'key', name: 'default' });
      if (this.#policies.size >= 1000) this.#policies.clear();
      this.#policies.set(key.policy, policy);
    }
    return policy;
  }

  #conditionKeys(
    ctx: RequestContext,
    key: KeyDocument,
    use: KeyUse,
  ): Record<string, ContextValue | LazyContextValue | undefined> {
    const keys: Record<string, ContextValue | LazyContextValue | undefined> = {
      'kms:CallerAccount': ctx.caller.principal.accountId,
      'kms:KeySpec': 'SYMMETRIC_DEFAULT',
      'kms:KeyUsage': 'ENCRYPT_DECRYPT',
      'kms:KeyOrigin': 'AWS_KMS',
      'kms:RequestAlias': use.requestAlias,
      // Listing the key's aliases only when a policy condition asks for them (rare; never in a default key policy).
      'kms:ResourceAliases': () => this.#store.aliasesOf(key).map((alias) => alias.aliasName),
      'aws:ViaAWSService': String(use.via !== undefined),
      ...contextConditionKeys(use.encryptionContext ?? {}),
    };
    if (use.via !== undefined) {
      // Forward access: the service calls KMS with the caller's own credentials (ref aws-iam-and-protocols §1.11, §1.12).
      keys['kms:ViaService'] = `${use.via}.${ctx.region}.amazonaws.com`;
      keys['aws:CalledVia'] = [`${use.via}.amazonaws.com`];
      keys['aws:CalledViaFirst'] = `${use.via}.amazonaws.com`;
      keys['aws:CalledViaLast'] = `${use.via}.amazonaws.com`;
    }
    return {
      ...keys,
      ...tagConditionKeys.request(use.requestTags),
      ...tagConditionKeys.resource(normalizeTags(key.tags, 'TagKey')),
    };
  }
}
