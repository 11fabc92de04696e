import type { Authorizer, RequestContext } from '../../aws/index.js';
import { arnBuilders } from '../../engines/arn/index.js';
import type { Clock } from '../../ports/index.js';
import { aliasEntry } from './domain/key-document.js';
import { isReservedAlias } from './domain/key-reference.js';
import { listPage, type Page } from './domain/list-page.js';
import { kmsErrors } from './errors.js';
import type { KeyAccess } from './key-access.js';
import type { KmsStore } from './store.js';

export interface AliasManagerDeps {
  readonly store: KmsStore;
  readonly access: KeyAccess;
  readonly authorizer: Authorizer;
  readonly clock: Clock;
  readonly partition: string;
}

/**
 * Aliases: friendly names for the caller's keys. Creating or deleting one needs permission on the alias (IAM only:
 * an alias has no policy) and on the key (its key policy), KMS DG alias-access.md (ref aws-iam-and-protocols §1.8).
 */
export class AliasManager {
  readonly #deps: AliasManagerDeps;

  constructor(deps: AliasManagerDeps) {
    this.#deps = deps;
  }

  async create(ctx: RequestContext, aliasName: string, targetKeyId: string): Promise<void> {
    const { store, access, partition } = this.#deps;
    checkName(aliasName);
    const { key } = access.resolve(ctx, targetKeyId, { aliases: false, crossAccount: false });
    const aliasArn = arnBuilders.kmsAlias(partition, ctx.region, ctx.accountId, aliasName);
    await this.#authorizeAlias(ctx, 'CreateAlias', aliasArn);
    await access.authorize(ctx, key, 'CreateAlias');
    if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
    const now = this.#deps.clock.now().toISOString();
    store.transaction(() => {
      if (store.alias(ctx.accountId, ctx.region, aliasName)) throw kmsErrors.aliasExists(aliasArn);
      store.putAlias({
        aliasName,
        aliasArn,
        targetKeyId: key.keyId,
        account: ctx.accountId,
        region: ctx.region,
        createdAt: now,
        updatedAt: now,
      });
    });
  }

  async delete(ctx: RequestContext, aliasName: string): Promise<void> {
    const { store, access, partition } = this.#deps;
    checkName(aliasName);
    const aliasArn = arnBuilders.kmsAlias(partition, ctx.region, ctx.accountId, aliasName);
    const alias = store.alias(ctx.accountId, ctx.region, aliasName);
    if (!alias) throw kmsErrors.aliasNotFound(aliasArn);
    await this.#authorizeAlias(ctx, 'DeleteAlias', aliasArn);
    const key = store.key(ctx.accountId, ctx.region, alias.targetKeyId);
    if (key) await access.authorize(ctx, key, 'DeleteAlias');
    store.transaction(() => store.deleteAlias(ctx.accountId, ctx.region, aliasName));
  }

  /** ListAliases (authorized by the gateway on `*`), optionally only those of one key, in name order (the store's). */
  list(ctx: RequestContext, keyId: string | undefined, page: Page): Record<string, unknown> {
    const { store, access } = this.#deps;
    const target =
      keyId === undefined
        ? undefined
        : access.resolve(ctx, keyId, { aliases: false, crossAccount: false }).key;
    const all = store
      .aliases(ctx.accountId, ctx.region)
      .filter((alias) => target === undefined || alias.targetKeyId === target.keyId);
    const { items, members } = listPage(all, (alias) => alias.aliasName, page);
    return { Aliases: items.map(aliasEntry), ...members };
  }

  async #authorizeAlias(ctx: RequestContext, action: string, aliasArn: string): Promise<void> {
    await this.#deps.authorizer.authorize(ctx, { action: `kms:${action}`, resource: aliasArn });
  }
}

function checkName(aliasName: string): void {
  if (!aliasName.startsWith('alias/')) throw kmsErrors.aliasPrefix();
  if (isReservedAlias(aliasName)) throw kmsErrors.reservedAlias();
}
