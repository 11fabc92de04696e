import type { RequestContext } from '../../aws/index.js';
import { arnBuilders } from '../../engines/arn/index.js';
import { KeyedSerialQueue } from '../../engines/concurrency/index.js';
import type { Clock, Random } from '../../ports/index.js';
import type { SecretDocument, SecretTag, VersionEntry } from './domain/secret-document.js';
import { arnSuffix } from './domain/secret-id.js';
import { type SecretValue, sameValue } from './domain/secret-value.js';
import { attachLabels, current, pruneDeprecated } from './domain/staging-labels.js';
import type { Envelope, EnvelopeTarget, Sealed } from './envelope.js';
import { secretsErrors } from './errors.js';
import { live, requestTagKeys, type SecretAccess } from './secret-access.js';
import type { SecretStore } from './store.js';

export interface WriterDeps {
  readonly store: SecretStore;
  readonly access: SecretAccess;
  readonly envelope: Envelope;
  readonly clock: Clock;
  readonly random: Random;
  readonly partition: string;
}

export interface NewSecret {
  readonly name: string;
  readonly token?: string;
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly value?: SecretValue;
  readonly tags?: readonly SecretTag[];
}

export interface NewValue {
  readonly secretId: string;
  readonly token?: string;
  readonly value?: SecretValue;
  readonly stages?: readonly string[];
}

export interface SecretChange {
  readonly secretId: string;
  readonly token?: string;
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly value?: SecretValue;
}

/** Labels whose versions move to a new key when the secret's key changes (Secrets Manager User Guide). */
const reencrypted = new Set(['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS']);

/**
 * CreateSecret, PutSecretValue and UpdateSecret: every new version is envelope-encrypted through KMS as the
 * caller, with ClientRequestToken idempotency (ref aws-iam-and-protocols §4.3). Writes to one secret run one at a time, because
 * each awaits KMS between reading the secret and committing the new version.
 */
export class SecretWriter {
  readonly #deps: WriterDeps;
  readonly #queue = new KeyedSerialQueue<string>();

  constructor(deps: WriterDeps) {
    this.#deps = deps;
  }

  async create(ctx: RequestContext, request: NewSecret): Promise<Record<string, unknown>> {
    const { store, access, envelope, partition } = this.#deps;
    const { name, token, value } = request;
    const kmsKeyId = managedKeyAsDefault(request.kmsKeyId);
    const key = store.secretKey({ account: ctx.accountId, region: ctx.region }, name);
    return this.#queue.run(key, async () => {
      const found = store.secret(ctx.accountId, ctx.region, name);
      const suffix = found ? undefined : arnSuffix(this.#deps.random);
      const arn = found?.arn ?? arnBuilders.secret(partition, ctx.region, ctx.accountId, `${name}-${suffix}`);
      const conditions = {
        'secretsmanager:Name': name,
        'secretsmanager:Description': request.description,
        'secretsmanager:KmsKeyArn': request.kmsKeyId,
        ...requestTagKeys(request.tags ?? []),
      };
      await access.authorizeNew(ctx, 'CreateSecret', arn, conditions);
      // Tagging at creation also needs secretsmanager:TagResource (CreateSecret API reference).
      if (request.tags?.length) await access.authorizeNew(ctx, 'TagResource', arn, conditions);
      if (value && token === undefined) throw secretsErrors.noToken();
      if (found) return this.#retriedCreate(ctx, found, request);
      const target: EnvelopeTarget = { arn, account: ctx.accountId, region: ctx.region, kmsKeyId };
      const sealed = value ? await envelope.seal(ctx, target, token!, value) : undefined;
      if (!sealed && kmsKeyId !== undefined) await envelope.validateKey(ctx, target);
      const now = this.#deps.clock.now().toISOString();
      const secret: SecretDocument = {
        arn,
        name,
        account: ctx.accountId,
        region: ctx.region,
        description: request.description,
        kmsKeyId,
        createdDate: now,
        lastChangedDate: now,
        tags: request.tags?.length ? request.tags : undefined,
        versions: sealed ? [entry(token!, [current], now, sealed)] : [],
      };
      store.transaction(() => {
        if (store.secret(ctx.accountId, ctx.region, name)) throw secretsErrors.exists(name);
        store.putSecret(secret);
        if (sealed) store.putValue(arn, token!, sealed.document);
      });
      return { ARN: arn, Name: name, VersionId: sealed ? token : undefined };
    });
  }

  async putValue(ctx: RequestContext, request: NewValue): Promise<Record<string, unknown>> {
    const { access, envelope } = this.#deps;
    const lookup = access.find(ctx, request.secretId);
    await access.authorize(ctx, 'PutSecretValue', lookup);
    const found = live(lookup);
    const { token, value } = request;
    if (!value) throw secretsErrors.noValue();
    if (token === undefined) throw secretsErrors.noToken();
    return this.#queue.run(this.#deps.store.secretKey(found, found.name), async () => {
      const secret = this.#reload(found);
      const existing = secret.versions.find((version) => version.versionId === token);
      if (existing) {
        if (!(await this.#holds(ctx, secret, existing, value))) throw secretsErrors.versionExists();
        return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...existing.stages] };
      }
      const sealed = await envelope.seal(ctx, targetOf(secret), token, value);
      const saved = this.#commitVersion(secret, token, sealed, request.stages ?? [current]);
      const stages = saved.versions.find((version) => version.versionId === token)?.stages ?? [];
      return { ARN: saved.arn, Name: saved.name, VersionId: token, VersionStages: [...stages] };
    });
  }

  async update(ctx: RequestContext, request: SecretChange): Promise<Record<string, unknown>> {
    const { store, access, envelope } = this.#deps;
    const lookup = access.find(ctx, request.secretId);
    await access.authorize(ctx, 'UpdateSecret', lookup, {
      'secretsmanager:Description': request.description,
      'secretsmanager:KmsKeyArn': request.kmsKeyId,
    });
    const found = live(lookup);
    const { token, value } = request;
    if (value && token === undefined) throw secretsErrors.noToken();
    return this.#queue.run(this.#deps.store.secretKey(found, found.name), async () => {
      const secret = this.#reload(found);
      // UpdateSecret never reuses a token, even with the same value (UpdateSecret API reference).
      if (value && secret.versions.some((version) => version.versionId === token))
        throw secretsErrors.versionExists();
      const kmsKeyId =
        request.kmsKeyId === undefined ? secret.kmsKeyId : managedKeyAsDefault(request.kmsKeyId);
      const target = { ...targetOf(secret), kmsKeyId };
      const moved: Array<[string, Sealed]> = [];
      if (kmsKeyId !== secret.kmsKeyId) {
        if (!value) await envelope.validateKey(ctx, target);
        for (const version of secret.versions.filter((v) =>
          v.stages.some((stage) => reencrypted.has(stage)),
        )) {
          const document = store.value(secret.arn, version.versionId);
          if (!document) continue;
          const plain = await envelope.open(ctx, secret.arn, version.versionId, document);
          moved.push([version.versionId, await envelope.seal(ctx, target, version.versionId, plain)]);
        }
      }
      const sealed = value ? await envelope.seal(ctx, target, token!, value) : undefined;
      const now = this.#deps.clock.now().toISOString();
      store.transaction(() => {
        store.update(secret, (fresh) => {
          if (fresh.deletedDate !== undefined) throw secretsErrors.markedForDeletion();
          const versions = fresh.versions.map((version) => {
            const re = moved.find(([id]) => id === version.versionId)?.[1];
            if (!re) return version;
            store.putValue(fresh.arn, version.versionId, re.document);
            return { ...version, keyArn: re.keyArn, awsManagedKey: re.awsManagedKey };
          });
          const description = request.description ?? fresh.description;
          return { ...fresh, description, kmsKeyId, versions, lastChangedDate: now };
        });
        if (sealed) this.#commitVersion(secret, token!, sealed, [current]);
      });
      return { ARN: secret.arn, Name: secret.name, VersionId: sealed ? token : undefined };
    });
  }

  /** A CreateSecret for a name that exists: an idempotent retry (same token, same value) or an error. */
  async #retriedCreate(ctx: RequestContext, found: SecretDocument, request: NewSecret) {
    if (found.deletedDate !== undefined) throw secretsErrors.nameScheduledForDeletion();
    const version = found.versions.find((v) => v.versionId === request.token);
    if (!version || !request.value) throw secretsErrors.exists(found.name);
    if (!(await this.#holds(ctx, found, version, request.value))) throw secretsErrors.versionExists();
    return { ARN: found.arn, Name: found.name, VersionId: version.versionId };
  }

  /** Whether a stored version holds `value` (decrypted through KMS as the caller, as AWS does for retries). */
  async #holds(ctx: RequestContext, secret: SecretDocument, version: VersionEntry, value: SecretValue) {
    const document = this.#deps.store.value(secret.arn, version.versionId);
    if (!document) return false;
    return sameValue(await this.#deps.envelope.open(ctx, secret.arn, version.versionId, document), value);
  }

  #commitVersion(secret: SecretDocument, token: string, sealed: Sealed, stages: readonly string[]) {
    const { store, clock } = this.#deps;
    const now = clock.now();
    return store.update(secret, (fresh) => {
      if (fresh.deletedDate !== undefined) throw secretsErrors.markedForDeletion();
      const added = [...fresh.versions, entry(token, [], now.toISOString(), sealed)];
      const versions = pruneDeprecated(attachLabels(added, token, stages), now);
      const kept = new Set(versions.map((version) => version.versionId));
      for (const old of added) if (!kept.has(old.versionId)) store.deleteValue(fresh.arn, old.versionId);
      store.putValue(fresh.arn, token, sealed.document);
      return { ...fresh, versions, lastChangedDate: now.toISOString() };
    });
  }

  #reload(secret: SecretDocument): SecretDocument {
    const fresh = this.#deps.store.secret(secret.account, secret.region, secret.name);
    if (!fresh || fresh.arn !== secret.arn) throw secretsErrors.notFound();
    if (fresh.deletedDate !== undefined) throw secretsErrors.markedForDeletion();
    return fresh;
  }
}

function entry(versionId: string, stages: string[], createdDate: string, sealed: Sealed): VersionEntry {
  return { versionId, stages, createdDate, keyArn: sealed.keyArn, awsManagedKey: sealed.awsManagedKey };
}

function targetOf(secret: SecretDocument): EnvelopeTarget {
  return { arn: secret.arn, account: secret.account, region: secret.region, kmsKeyId: secret.kmsKeyId };
}

/** Naming the AWS managed key explicitly is the same as naming no key. */
function managedKeyAsDefault(kmsKeyId: string | undefined): string | undefined {
  return kmsKeyId === 'alias/aws/secretsmanager' || kmsKeyId === '' ? undefined : kmsKeyId;
}
