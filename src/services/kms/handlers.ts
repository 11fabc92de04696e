import type { OperationSpec } from '../../aws/index.js';
import { handledJsonOperation, JsonInputReader, readJsonTag, serializationError } from '../../aws/index.js';
import { isReservedTagKey } from '../../engines/aws-tags/index.js';
import type { AliasManager } from './alias-manager.js';
import { kmsErrors } from './errors.js';
import type { KeyCrypto } from './key-crypto.js';
import type { KeyManager } from './key-manager.js';
import type { KeySettings } from './key-settings.js';

export interface KmsParts {
  readonly keys: KeyManager;
  readonly settings: KeySettings;
  readonly aliases: AliasManager;
  readonly crypto: KeyCrypto;
}

const keyId = { required: true, min: 1, max: 2048 } as const;
const algorithms = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
const marker = { min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/ } as const;
const policyName = { min: 1, max: 128, pattern: /^[\w]+$/ } as const;
const tagRules = { keyRequired: true, valueRequired: true } as const;

/**
 * KMS's operations (ref aws-iam-and-protocols §4.4): each reads its input against the shape, then hands over to the key manager,
 * the alias manager or the cryptography. Operations without a key (CreateKey, ListKeys, ListAliases) are authorized
 * by the gateway on `*`; the others by their handlers, against the key found (ref aws-iam-and-protocols §1.3, §1.8).
 */
export function kmsOperations(parts: KmsParts): Record<string, OperationSpec> {
  const { keys, settings, aliases, crypto } = parts;
  return {
    CreateKey: handledJsonOperation(
      (r) => ({
        policy: r.string('Policy', { min: 1, max: 131_072 }),
        description: r.string('Description', { max: 8192 }),
        usage: r.string('KeyUsage'),
        specs: [r.string('KeySpec'), r.string('CustomerMasterKeySpec')],
        origin: r.string('Origin'),
        multiRegion: r.boolean('MultiRegion'),
        bypassLockoutCheck: r.boolean('BypassPolicyLockoutSafetyCheck'),
        tags: r.list('Tags', (item, path) => readJsonTag(r, item, path, 'TagKey', tagRules)),
      }),
      (ctx, { usage, specs, origin, multiRegion, ...request }) => {
        const symmetric =
          (usage ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT' &&
          specs.every((spec) => (spec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT') &&
          (origin ?? 'AWS_KMS') === 'AWS_KMS' &&
          multiRegion !== true;
        if (!symmetric) throw kmsErrors.unsupportedKey();
        if (request.tags?.some((tag) => isReservedTagKey(tag.TagKey))) throw kmsErrors.reservedTag();
        return keys.create(ctx, request);
      },
      () => '*',
    ),
    DescribeKey: handledJsonOperation(
      (r) => r.string('KeyId', keyId),
      (ctx, id) => keys.describe(ctx, id),
    ),
    EnableKey: handledJsonOperation(
      (r) => r.string('KeyId', keyId),
      (ctx, id) => keys.setEnabled(ctx, id, true),
    ),
    DisableKey: handledJsonOperation(
      (r) => r.string('KeyId', keyId),
      (ctx, id) => keys.setEnabled(ctx, id, false),
    ),
    ScheduleKeyDeletion: handledJsonOperation(
      (r) => ({
        id: r.string('KeyId', keyId),
        days: r.integer('PendingWindowInDays', { min: 1, max: 365 }) ?? 30,
      }),
      (ctx, { id, days }) => {
        if (days < 7 || days > 30) throw kmsErrors.pendingWindow(days);
        return keys.scheduleDeletion(ctx, id, days);
      },
    ),
    CancelKeyDeletion: handledJsonOperation(
      (r) => r.string('KeyId', keyId),
      (ctx, id) => keys.cancelDeletion(ctx, id),
    ),
    GetKeyPolicy: handledJsonOperation(
      (r) => ({ id: r.string('KeyId', keyId), name: r.string('PolicyName', policyName) ?? 'default' }),
      (ctx, { id, name }) => keys.getPolicy(ctx, id, name),
    ),
    PutKeyPolicy: handledJsonOperation(
      (r) => ({
        id: r.string('KeyId', keyId),
        name: r.string('PolicyName', policyName) ?? 'default',
        policy: r.string('Policy', { required: true, min: 1, max: 131_072 }),
        bypass: r.boolean('BypassPolicyLockoutSafetyCheck') ?? false,
      }),
      (ctx, { id, name, policy, bypass }) => keys.putPolicy(ctx, id, name, policy, bypass),
    ),
    GetKeyRotationStatus: handledJsonOperation(
      (r) => r.string('KeyId', keyId),
      (ctx, id) => settings.rotationStatus(ctx, id),
    ),
    EnableKeyRotation: handledJsonOperation(
      (r) => ({
        id: r.string('KeyId', keyId),
        // KMS API reference, EnableKeyRotation: 90–2560 days, 365 when not given.
        days: r.integer('RotationPeriodInDays', { min: 90, max: 2560 }) ?? 365,
      }),
      (ctx, { id, days }) => settings.setRotation(ctx, id, days),
    ),
    DisableKeyRotation: handledJsonOperation(
      (r) => r.string('KeyId', keyId),
      (ctx, id) => settings.setRotation(ctx, id, undefined),
    ),
    TagResource: handledJsonOperation(
      (r) => ({
        id: r.string('KeyId', keyId),
        tags: requiredList(r, 'Tags', (item, path) => readJsonTag(r, item, path, 'TagKey', tagRules)),
      }),
      (ctx, { id, tags }) => settings.tag(ctx, id, tags),
    ),
    UntagResource: handledJsonOperation(
      (r) => ({
        id: r.string('KeyId', keyId),
        keys: requiredList(r, 'TagKeys', (item, path) => {
          if (typeof item !== 'string') throw serializationError();
          if (item.length < 1)
            r.fail(path, `'${item}'`, 'Member must have length greater than or equal to 1');
          if (item.length > 128)
            r.fail(path, `'${item}'`, 'Member must have length less than or equal to 128');
          return item;
        }),
      }),
      (ctx, { id, keys }) => settings.untag(ctx, id, keys),
    ),
    ListResourceTags: handledJsonOperation(
      (r) => ({
        id: r.string('KeyId', keyId),
        limit: r.integer('Limit', { min: 1, max: 50 }) ?? 50,
        marker: r.string('Marker', marker),
      }),
      (ctx, { id, ...page }) => settings.listTags(ctx, id, page),
    ),
    ListKeys: {
      authorize: () => '*',
      handler: async (ctx, input) => {
        const r = new JsonInputReader(input);
        const limit = r.integer('Limit', { min: 1, max: 1000 }) ?? 100;
        const from = r.string('Marker', marker);
        r.done();
        return keys.list(ctx, { limit, marker: from });
      },
    },
    CreateAlias: handledJsonOperation(
      (r) => ({
        name: r.string('AliasName', { required: true, min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ }),
        target: r.string('TargetKeyId', keyId),
      }),
      (ctx, { name, target }) => aliases.create(ctx, name, target),
    ),
    DeleteAlias: handledJsonOperation(
      (r) => r.string('AliasName', { required: true, min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ }),
      (ctx, name) => aliases.delete(ctx, name),
    ),
    ListAliases: handledJsonOperation(
      (r) => ({
        id: r.string('KeyId', { min: 1, max: 2048 }),
        limit: r.integer('Limit', { min: 1, max: 100 }) ?? 100,
        marker: r.string('Marker', marker),
      }),
      (ctx, { id, ...page }) => aliases.list(ctx, id, page),
      () => '*',
    ),
    Encrypt: handledJsonOperation(
      (r) => ({
        keyId: r.string('KeyId', keyId),
        plaintext: r.blob('Plaintext', { required: true, min: 1, max: 4096, sensitive: true }),
        ...common(r),
      }),
      async (ctx, request) => {
        symmetricOnly(request);
        const { keyArn, ciphertextBlob } = await crypto.encrypt(ctx, request);
        return { CiphertextBlob: ciphertextBlob, KeyId: keyArn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      },
    ),
    Decrypt: handledJsonOperation(
      (r) => ({
        ciphertextBlob: r.blob('CiphertextBlob', { required: true, min: 1, max: 6144 }),
        keyId: r.string('KeyId', { min: 1, max: 2048 }),
        ...common(r),
      }),
      async (ctx, request) => {
        symmetricOnly(request);
        const { keyArn, plaintext } = await crypto.decrypt(ctx, request);
        return { KeyId: keyArn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      },
    ),
    GenerateDataKey: dataKey(crypto, 'GenerateDataKey', true),
    GenerateDataKeyWithoutPlaintext: dataKey(crypto, 'GenerateDataKeyWithoutPlaintext', false),
  };
}

/** A list member the model requires: its absence is a validation error (`Member must not be null`). */
function requiredList<T>(r: JsonInputReader, member: string, item: (value: unknown, path: string) => T): T[] {
  const list = r.list(member, item);
  if (list === undefined)
    r.fail(member.charAt(0).toLowerCase() + member.slice(1), 'null', 'Member must not be null');
  return list ?? [];
}

/** Members every cryptographic operation shares; only symmetric encryption exists in berth. */
function common(r: JsonInputReader) {
  const encryptionContext = r.stringMap('EncryptionContext');
  r.list(
    'GrantTokens',
    (token) => {
      if (typeof token !== 'string') throw serializationError();
      return token;
    },
    { max: 10 },
  );
  const algorithm = r.string('EncryptionAlgorithm', { enum: algorithms });
  return { encryptionContext, algorithm, dryRun: r.boolean('DryRun') };
}

/** Only symmetric encryption exists in berth: an asymmetric algorithm is InvalidKeyUsageException. */
function symmetricOnly({ algorithm }: { algorithm?: string }): void {
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT')
    throw kmsErrors.invalidKeyUsage(algorithm);
}

function dataKey(crypto: KeyCrypto, action: string, withPlaintext: boolean): OperationSpec {
  return handledJsonOperation(
    (r) => ({
      keyId: r.string('KeyId', keyId),
      spec: r.string('KeySpec', { enum: ['AES_256', 'AES_128'] }),
      bytes: r.integer('NumberOfBytes', { min: 1, max: 1024 }),
      ...common(r),
    }),
    async (ctx, { spec, bytes, ...request }) => {
      symmetricOnly(request);
      if ((spec === undefined) === (bytes === undefined)) throw kmsErrors.dataKeySize();
      const numberOfBytes = bytes ?? (spec === 'AES_128' ? 16 : 32);
      const result = await crypto.generateDataKey(ctx, { ...request, numberOfBytes }, action);
      if (!withPlaintext) result.plaintext.fill(0);
      return {
        CiphertextBlob: result.ciphertextBlob,
        Plaintext: withPlaintext ? result.plaintext : undefined,
        KeyId: result.keyArn,
      };
    },
  );
}
