import type { RequestContext } from '../../aws/index.js';
import { parsePolicy } from '../../engines/iam/index.js';
import type { Clock } from '../../ports/index.js';
import type { SecretDocument, SecretTag } from './domain/secret-document.js';
import { parseSecretId } from './domain/secret-id.js';
import { current, holderOf, moveLabel } from './domain/staging-labels.js';
import { secretsErrors } from './errors.js';
import { existing, live, requestTagKeys, type SecretAccess } from './secret-access.js';
import type { SecretStore } from './store.js';

export interface AdminDeps {
  readonly store: SecretStore;
  readonly access: SecretAccess;
  readonly clock: Clock;
}

export interface Deletion {
  readonly secretId: string;
  readonly recoveryWindowInDays?: number;
  readonly force?: boolean;
}

export interface StageMove {
  readonly secretId: string;
  readonly stage: string;
  readonly removeFrom?: string;
  readonly moveTo?: string;
}

const day = 86_400_000;

/**
 * Operations on a secret that do not touch its values: deletion and restore, staging labels, tags and the resource
 * policy (ref aws-iam-and-protocols §4.3). Each is authorized first, then applied in one transaction on a fresh read.
 */
export class SecretAdmin {
  readonly #deps: AdminDeps;

  constructor(deps: AdminDeps) {
    this.#deps = deps;
  }

  async delete(ctx: RequestContext, request: Deletion): Promise<Record<string, unknown>> {
    const { access, store, clock } = this.#deps;
    const { recoveryWindowInDays: days, force } = request;
    const lookup = access.find(ctx, request.secretId);
    await access.authorize(ctx, 'DeleteSecret', lookup, {
      'secretsmanager:RecoveryWindowInDays': days === undefined ? undefined : String(days),
      'secretsmanager:ForceDeleteWithoutRecovery': force === undefined ? undefined : String(force),
    });
    if (force && days !== undefined) throw secretsErrors.forceWithWindow();
    if (days !== undefined && (days < 7 || days > 30)) throw secretsErrors.recoveryWindow();
    const now = clock.now();
    if (!lookup.secret) {
      // Forcing the deletion of a secret that does not exist succeeds (DeleteSecret API reference).
      if (!force) throw secretsErrors.notFound();
      const reference = parseSecretId(request.secretId);
      return {
        ARN: reference.kind === 'name' ? undefined : reference.arn,
        Name: reference.kind === 'name' || reference.kind === 'other-arn' ? request.secretId : reference.name,
        DeletionDate: now,
      };
    }
    const secret = lookup.secret;
    if (force) {
      store.remove(secret);
      return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
    }
    const deletionDate = new Date(now.getTime() + (days ?? 30) * day);
    store.update(secret, (fresh) => {
      if (fresh.deletedDate !== undefined) throw secretsErrors.markedForDeletion();
      return { ...fresh, deletedDate: now.toISOString(), deletionDate: deletionDate.toISOString() };
    });
    return { ARN: secret.arn, Name: secret.name, DeletionDate: deletionDate };
  }

  async restore(ctx: RequestContext, secretId: string): Promise<Record<string, unknown>> {
    const secret = await this.#found(ctx, 'RestoreSecret', secretId);
    this.#deps.store.update(secret, ({ deletedDate: _a, deletionDate: _b, ...rest }) => rest);
    return { ARN: secret.arn, Name: secret.name };
  }

  async moveStage(ctx: RequestContext, request: StageMove): Promise<Record<string, unknown>> {
    const { access, store } = this.#deps;
    const lookup = access.find(ctx, request.secretId);
    await access.authorize(ctx, 'UpdateSecretVersionStage', lookup, {
      'secretsmanager:VersionStage': request.stage,
    });
    const secret = live(lookup);
    const { stage, removeFrom, moveTo } = request;
    store.update(secret, (fresh) => {
      const known = (id: string) => fresh.versions.some((version) => version.versionId === id);
      if (moveTo !== undefined && !known(moveTo)) throw secretsErrors.notAVersion(moveTo);
      if (removeFrom !== undefined && !known(removeFrom)) throw secretsErrors.notAVersion(removeFrom);
      const holder = holderOf(fresh.versions, stage)?.versionId;
      if (moveTo === undefined && removeFrom === undefined) throw secretsErrors.stageTargetMissing();
      if (removeFrom !== undefined && holder !== removeFrom)
        throw secretsErrors.stageNotOnVersion(stage, removeFrom);
      if (moveTo !== undefined && holder !== undefined && holder !== moveTo && removeFrom === undefined)
        throw secretsErrors.removeFromRequired(stage, holder);
      if (moveTo === undefined && stage === current) throw secretsErrors.currentMustMove();
      const versions = moveLabel(fresh.versions, stage, moveTo);
      return { ...fresh, versions, lastChangedDate: this.#deps.clock.now().toISOString() };
    });
    return { ARN: secret.arn, Name: secret.name };
  }

  async tag(ctx: RequestContext, secretId: string, tags: readonly SecretTag[]): Promise<void> {
    const secret = await this.#found(ctx, 'TagResource', secretId, requestTagKeys(tags));
    this.#deps.store.update(secret, (fresh) => {
      const merged = new Map((fresh.tags ?? []).map((tag) => [tag.Key, tag] as const));
      for (const tag of tags) merged.set(tag.Key, { Key: tag.Key, Value: tag.Value });
      return { ...fresh, tags: [...merged.values()], lastChangedDate: this.#deps.clock.now().toISOString() };
    });
  }

  async untag(ctx: RequestContext, secretId: string, keys: readonly string[]): Promise<void> {
    const secret = await this.#found(ctx, 'UntagResource', secretId, { 'aws:TagKeys': [...keys] });
    this.#deps.store.update(secret, (fresh) => ({
      ...fresh,
      tags: (fresh.tags ?? []).filter((tag) => !keys.includes(tag.Key)),
      lastChangedDate: this.#deps.clock.now().toISOString(),
    }));
  }

  async getPolicy(ctx: RequestContext, secretId: string): Promise<Record<string, unknown>> {
    const secret = await this.#found(ctx, 'GetResourcePolicy', secretId);
    return { ARN: secret.arn, Name: secret.name, ResourcePolicy: secret.resourcePolicy };
  }

  /**
   * PutResourcePolicy: the document must be a valid resource policy (kind `resource`: Principal required).
   * BlockPublicPolicy is accepted and not acted on: AWS decides "public" with its Zelkova analysis, which berth does
   * not reproduce; a policy AWS would block is stored here.
   */
  async putPolicy(
    ctx: RequestContext,
    secretId: string,
    policy: string,
    blockPublicPolicy: boolean | undefined,
  ): Promise<Record<string, unknown>> {
    const secret = await this.#found(ctx, 'PutResourcePolicy', secretId, {
      'secretsmanager:BlockPublicPolicy':
        blockPublicPolicy === undefined ? undefined : String(blockPublicPolicy),
    });
    // A grammar error is MalformedPolicyDocumentException through the service's translateError.
    parsePolicy(policy, { kind: 'resource', name: 'ResourcePolicy' });
    this.#deps.store.update(secret, (fresh) => ({ ...fresh, resourcePolicy: policy }));
    return { ARN: secret.arn, Name: secret.name };
  }

  async deletePolicy(ctx: RequestContext, secretId: string): Promise<Record<string, unknown>> {
    const secret = await this.#found(ctx, 'DeleteResourcePolicy', secretId);
    this.#deps.store.update(secret, ({ resourcePolicy: _p, ...rest }) => rest);
    return { ARN: secret.arn, Name: secret.name };
  }

  async #found(
    ctx: RequestContext,
    action: string,
    secretId: string,
    extra?: Parameters<SecretAccess['authorize']>[3],
  ): Promise<SecretDocument> {
    const lookup = this.#deps.access.find(ctx, secretId);
    await this.#deps.access.authorize(ctx, action, lookup, extra);
    return existing(lookup);
  }
}
