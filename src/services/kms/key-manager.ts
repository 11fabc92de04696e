import type { RequestContext } from '../../aws/index.js';
import { parsePolicy, principalFromArn } from '../../engines/iam/index.js';
import type { Clock } from '../../ports/index.js';
import { type KeyDocument, type KeyTag, keyEntries, keyMetadata } from './domain/key-document.js';
import { defaultKeyPolicy } from './domain/key-policies.js';
import { listPage, type Page } from './domain/list-page.js';
import { kmsErrors } from './errors.js';
import type { KeyAccess, KeyUse, ResolveRules } from './key-access.js';
import type { KeyFactory } from './key-factory.js';
import type { KmsStore } from './store.js';

export interface KeyManagerDeps {
  readonly store: KmsStore;
  readonly access: KeyAccess;
  readonly factory: KeyFactory;
  readonly clock: Clock;
  readonly partition: string;
}

export interface NewKey {
  readonly description?: string;
  readonly policy?: string;
  readonly bypassLockoutCheck?: boolean;
  readonly tags?: readonly KeyTag[];
}

/** Key-management operations apply to the caller's own keys, named by key id or key ARN (no aliases). */
const ownKeyOnly = { aliases: false, crossAccount: false } as const;
const maxPolicyBytes = 32_768;
const day = 86_400_000;

/** The lifecycle of keys: creation, metadata, enable/disable, scheduled deletion, and the key policy. */
export class KeyManager {
  readonly #deps: KeyManagerDeps;

  constructor(deps: KeyManagerDeps) {
    this.#deps = deps;
  }

  /** CreateKey (authorized by the gateway on `*`: identity policies only, ref aws-iam-and-protocols §1.3). */
  create(ctx: RequestContext, request: NewKey): Record<string, unknown> {
    const policy = request.policy ?? defaultKeyPolicy(this.#deps.partition, ctx.accountId);
    if (request.policy !== undefined) this.#checkPolicy(ctx, request.policy, request.bypassLockoutCheck);
    const key = this.#deps.factory.newKey(ctx.accountId, ctx.region, {
      description: request.description ?? '',
      keyManager: 'CUSTOMER',
      policy,
      tags: request.tags ?? [],
    });
    this.#deps.store.transaction(() => this.#deps.store.putKey(key));
    return { KeyMetadata: keyMetadata(key) };
  }

  async describe(ctx: RequestContext, keyId: string): Promise<Record<string, unknown>> {
    const { key, requestAlias } = this.#deps.access.resolve(ctx, keyId, {
      aliases: true,
      crossAccount: true,
      createsManagedKey: true,
    });
    await this.#deps.access.authorize(ctx, key, 'DescribeKey', { requestAlias });
    return { KeyMetadata: keyMetadata(key) };
  }

  async setEnabled(ctx: RequestContext, keyId: string, enabled: boolean): Promise<void> {
    const key = await this.authorized(ctx, keyId, enabled ? 'EnableKey' : 'DisableKey');
    if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
    this.update(key, (current) => ({ ...current, state: enabled ? 'Enabled' : 'Disabled' }));
  }

  async scheduleDeletion(ctx: RequestContext, keyId: string, days: number): Promise<Record<string, unknown>> {
    const key = await this.authorized(ctx, keyId, 'ScheduleKeyDeletion');
    if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
    const deletionDate = new Date(this.#deps.clock.now().getTime() + days * day).toISOString();
    this.update(key, (current) => ({
      ...current,
      state: 'PendingDeletion',
      deletionDate,
      pendingWindowInDays: days,
    }));
    return {
      KeyId: key.arn,
      DeletionDate: new Date(deletionDate),
      KeyState: 'PendingDeletion',
      PendingWindowInDays: days,
    };
  }

  /** CancelKeyDeletion leaves the key Disabled, as KMS does. */
  async cancelDeletion(ctx: RequestContext, keyId: string): Promise<Record<string, unknown>> {
    const key = await this.authorized(ctx, keyId, 'CancelKeyDeletion');
    if (key.state !== 'PendingDeletion') throw kmsErrors.notPendingDeletion(key.arn);
    this.update(key, ({ deletionDate: _d, pendingWindowInDays: _w, ...rest }) => ({
      ...rest,
      state: 'Disabled',
    }));
    return { KeyId: key.arn };
  }

  /** ListKeys (authorized by the gateway on `*`): the caller's keys in this region, in key id order. */
  list(ctx: RequestContext, page: Page): Record<string, unknown> {
    const all = keyEntries(this.#deps.store.keys(ctx.accountId, ctx.region));
    const { items, members } = listPage(all, (entry) => entry.KeyId, page);
    return { Keys: items, ...members };
  }

  async getPolicy(ctx: RequestContext, keyId: string, policyName: string): Promise<Record<string, unknown>> {
    const key = await this.authorized(ctx, keyId, 'GetKeyPolicy');
    if (policyName !== 'default') throw kmsErrors.noSuchPolicy();
    return { Policy: key.policy, PolicyName: 'default' };
  }

  async putPolicy(
    ctx: RequestContext,
    keyId: string,
    policyName: string,
    policy: string,
    bypassLockoutCheck: boolean,
  ): Promise<void> {
    const key = await this.authorized(ctx, keyId, 'PutKeyPolicy');
    if (policyName !== 'default') throw kmsErrors.noSuchPolicy();
    // The managed key's policy never lets anyone call PutKeyPolicy; this stays true even if that policy changes.
    if (key.keyManager === 'AWS') throw kmsErrors.awsManagedKey(key.arn);
    this.#checkPolicy(ctx, policy, bypassLockoutCheck);
    this.update(key, (current) => ({ ...current, policy }));
  }

  /**
   * The key `keyId` names (the caller's own, by key id or ARN, unless `rules` say otherwise), once the caller may
   * perform `kms:<action>` on it.
   */
  async authorized(
    ctx: RequestContext,
    keyId: string,
    action: string,
    use: KeyUse = {},
    rules: ResolveRules = ownKeyOnly,
  ): Promise<KeyDocument> {
    const { key } = this.#deps.access.resolve(ctx, keyId, rules);
    await this.#deps.access.authorize(ctx, key, action, use);
    return key;
  }

  /** Re-reads the key inside the transaction, so a concurrent change is not lost. */
  update(key: KeyDocument, change: (current: KeyDocument) => KeyDocument): void {
    const { store } = this.#deps;
    store.transaction(() => {
      const current = store.key(key.account, key.region, key.keyId);
      if (!current) throw kmsErrors.keyNotFound(key.arn);
      store.putKey(change(current));
    });
  }

  /**
   * A key policy must parse as kind `key`, fit in 32 KB, and (unless the caller bypasses the check) still let the
   * caller change it later: KMS's "policy lockout safety check" (KMS API reference, CreateKey/PutKeyPolicy).
   */
  #checkPolicy(ctx: RequestContext, text: string, bypass: boolean | undefined): void {
    if (Buffer.byteLength(text, 'utf8') > maxPolicyBytes) throw kmsErrors.policyTooLarge();
    // A grammar error is MalformedPolicyDocumentException through the service's translateError.
    const policy = parsePolicy(text, { kind: 'key', name: 'default' });
    if (bypass) return;
    const caller = principalFromArn(ctx.caller.principal.arn);
    const keepsAccess = policy.statements.some(
      (statement) =>
        statement.effect === 'Allow' &&
        statement.matchesAction('kms:PutKeyPolicy') &&
        caller !== undefined &&
        statement.matchesPrincipal(caller) !== 'none',
    );
    if (!keepsAccess) throw kmsErrors.lockout();
  }
}
