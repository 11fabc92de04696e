import type { RequestContext } from '../../aws/index.js';
import { awsTagLimits, isReservedTagKey, normalizeTags } from '../../engines/aws-tags/index.js';
import type { KeyDocument, KeyTag } from './domain/key-document.js';
import { listPage, type Page } from './domain/list-page.js';
import { kmsErrors } from './errors.js';
import type { KeyManager } from './key-manager.js';

const day = 86_400_000;
/** KMS rotates AWS managed keys every year and reports them as rotating (GetKeyRotationStatus API reference). */
const awsManagedPeriod = 365;

/**
 * The settings of a key that IaC tools manage besides its policy: automatic rotation (a stored flag: berth never
 * rotates key material) and resource tags. Only symmetric keys of origin AWS_KMS exist in berth, so the refusals
 * KMS gives for asymmetric, HMAC or imported keys cannot arise; an AWS managed key rotates yearly and its rotation
 * cannot be changed. Key states per the KMS Developer Guide's key-state table and the operations' API reference.
 */
export class KeySettings {
  readonly #keys: KeyManager;
  readonly #now: () => Date;

  constructor(keys: KeyManager, now: () => Date) {
    this.#keys = keys;
    this.#now = now;
  }

  /**
   * GetKeyRotationStatus ("Cross-account use: Yes"). A key pending deletion reports false (its setting comes back if
   * the deletion is cancelled); a disabled key keeps its setting.
   */
  async rotationStatus(ctx: RequestContext, keyId: string): Promise<Record<string, unknown>> {
    const key = await this.#keys.authorized(ctx, keyId, 'GetKeyRotationStatus', {}, crossAccount);
    const rotation =
      key.keyManager === 'AWS' ? { periodInDays: awsManagedPeriod, enabledAt: key.createdAt } : key.rotation;
    if (!rotation || key.state === 'PendingDeletion') return { KeyRotationEnabled: false, KeyId: key.arn };
    return {
      KeyRotationEnabled: true,
      KeyId: key.arn,
      RotationPeriodInDays: rotation.periodInDays,
      NextRotationDate: nextRotation(rotation, this.#now()),
    };
  }

  /** EnableKeyRotation (a new period on a key that rotates already changes the period) and DisableKeyRotation. */
  async setRotation(ctx: RequestContext, keyId: string, periodInDays: number | undefined): Promise<void> {
    const enable = periodInDays !== undefined;
    const key = await this.#keys.authorized(ctx, keyId, enable ? 'EnableKeyRotation' : 'DisableKeyRotation');
    if (key.keyManager === 'AWS') throw kmsErrors.awsManagedRotation(key.arn);
    usable(key);
    const enabledAt = this.#now().toISOString();
    this.#keys.update(key, ({ rotation, ...current }) =>
      enable
        ? { ...current, rotation: { periodInDays, enabledAt: rotation?.enabledAt ?? enabledAt } }
        : current,
    );
  }

  /** TagResource: a tag whose key exists replaces it. */
  async tag(ctx: RequestContext, keyId: string, tags: readonly KeyTag[]): Promise<void> {
    if (tags.some((tag) => isReservedTagKey(tag.TagKey))) throw kmsErrors.reservedTag();
    const requestTags = normalizeTags(tags, 'TagKey');
    const key = await this.#keys.authorized(ctx, keyId, 'TagResource', { requestTags });
    this.#change(key, (current) => {
      const merged = new Map(current.map((tag) => [tag.TagKey, tag.TagValue]));
      for (const tag of tags) merged.set(tag.TagKey, tag.TagValue);
      if (merged.size > awsTagLimits.maxTags) throw kmsErrors.tooManyTags();
      return [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
    });
  }

  /** UntagResource: keys the key does not have are ignored. */
  async untag(ctx: RequestContext, keyId: string, keys: readonly string[]): Promise<void> {
    const requestTags = keys.map((key) => ({ key }));
    const key = await this.#keys.authorized(ctx, keyId, 'UntagResource', { requestTags });
    this.#change(key, (current) => current.filter((tag) => !keys.includes(tag.TagKey)));
  }

  /** ListResourceTags, in tag key order, in every key state. */
  async listTags(ctx: RequestContext, keyId: string, page: Page): Promise<Record<string, unknown>> {
    const key = await this.#keys.authorized(ctx, keyId, 'ListResourceTags');
    const sorted = [...key.tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
    const { items, members } = listPage(sorted, (tag) => tag.TagKey, page);
    return { Tags: items, ...members };
  }

  /** Tags change on enabled and disabled keys, not on a key pending deletion. */
  #change(key: KeyDocument, change: (tags: readonly KeyTag[]) => readonly KeyTag[]): void {
    if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
    this.#keys.update(key, (current) => ({ ...current, tags: change(current.tags) }));
  }
}

const crossAccount = { aliases: false, crossAccount: true } as const;

/** Rotation settings change only on an enabled key: DisabledException, KMSInvalidStateException otherwise. */
function usable(key: KeyDocument): void {
  if (key.state === 'Disabled') throw kmsErrors.disabled(key.arn);
  if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
}

/** The first rotation date after `now` on the schedule that started when rotation was enabled. */
function nextRotation(rotation: { periodInDays: number; enabledAt: string }, now: Date): Date {
  const period = rotation.periodInDays * day;
  const start = new Date(rotation.enabledAt).getTime();
  const elapsed = Math.max(0, now.getTime() - start);
  return new Date(start + (Math.floor(elapsed / period) + 1) * period);
}
