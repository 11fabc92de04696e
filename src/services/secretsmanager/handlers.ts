import type { OperationSpec } from '../../aws/index.js';
import {
  handledJsonOperation,
  type JsonInputReader,
  readJsonTag,
  serializationError,
} from '../../aws/index.js';
import { type FilterKey, filterKeys, type SecretFilter } from './domain/list-filters.js';
import type { SecretTag } from './domain/secret-document.js';
import { namePattern } from './domain/secret-id.js';
import { binaryValue, maxValueBytes, type SecretValue, stringValue } from './domain/secret-value.js';
import { secretsErrors } from './errors.js';
import type { SecretAdmin } from './secret-admin.js';
import type { ListRequest, SecretReader } from './secret-reader.js';
import type { SecretWriter } from './secret-writer.js';

export interface SecretsParts {
  readonly writer: SecretWriter;
  readonly reader: SecretReader;
  readonly admin: SecretAdmin;
}

const secretId = { required: true, min: 1, max: 2048 } as const;
const token = { min: 32, max: 64 } as const;
const versionId = { min: 32, max: 64 } as const;
const stage = { min: 1, max: 256 } as const;
const nextToken = { min: 1, max: 4096 } as const;
const filterValue = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;

/**
 * Secrets Manager's operations (ref aws-iam-and-protocols §4.3): each reads its input against the shape (ValidationException texts
 * with camelCase member names; sensitive members named without their value), then hands over to the writer, the
 * reader or the admin. Every operation on a secret authorizes itself, because the resource (and its policy) is
 * known only once the SecretId is resolved; ListSecrets is authorized by the gateway on `*`.
 */
export function secretsOperations({ writer, reader, admin }: SecretsParts): Record<string, OperationSpec> {
  const id = (r: JsonInputReader) => r.string('SecretId', secretId);
  return {
    CreateSecret: handledJsonOperation(
      (r) => ({
        name: r.string('Name', { required: true, min: 1, max: 512 }),
        token: r.string('ClientRequestToken', token),
        description: r.string('Description', { max: 2048 }),
        kmsKeyId: r.string('KmsKeyId', { max: 2048 }),
        value: readValue(r),
        tags: r.list('Tags', (item, path) => readTag(r, item, path)),
        replicas: r.list('AddReplicaRegions', (item) => item),
        forceOverwrite: r.boolean('ForceOverwriteReplicaSecret'),
      }),
      (ctx, { value, replicas, forceOverwrite: _, ...request }) => {
        if (!namePattern.test(request.name)) throw secretsErrors.invalidName();
        if (replicas?.length) throw secretsErrors.noReplication();
        return writer.create(ctx, { ...request, value: secretValue(value) });
      },
    ),
    PutSecretValue: handledJsonOperation(
      (r) => ({
        secretId: id(r),
        token: r.string('ClientRequestToken', token),
        value: readValue(r),
        stages: r.list('VersionStages', (item, path) => readString(r, item, path, stage), {
          min: 1,
          max: 20,
        }),
        rotationToken: r.string('RotationToken', { min: 1, max: 64 }),
      }),
      (ctx, { value, ...request }) => writer.putValue(ctx, { ...request, value: secretValue(value) }),
    ),
    UpdateSecret: handledJsonOperation(
      (r) => ({
        secretId: id(r),
        token: r.string('ClientRequestToken', token),
        description: r.string('Description', { max: 2048 }),
        kmsKeyId: r.string('KmsKeyId', { max: 2048 }),
        value: readValue(r),
      }),
      (ctx, { value, ...request }) => writer.update(ctx, { ...request, value: secretValue(value) }),
    ),
    GetSecretValue: handledJsonOperation(
      (r) => ({
        secretId: id(r),
        versionId: r.string('VersionId', versionId),
        versionStage: r.string('VersionStage', stage),
      }),
      (ctx, request) => reader.value(ctx, request),
    ),
    DescribeSecret: handledJsonOperation(id, (ctx, secret) => reader.describe(ctx, secret)),
    ListSecrets: handledJsonOperation(
      (r): ListRequest => ({
        includePlannedDeletion: r.boolean('IncludePlannedDeletion') ?? false,
        maxResults: r.integer('MaxResults', { min: 1, max: 100 }),
        nextToken: r.string('NextToken', nextToken),
        filters: r.list('Filters', (item, path) => readFilter(r, item, path), { max: 10 }) ?? [],
        sortOrder: (r.string('SortOrder', { enum: ['asc', 'desc'] }) ?? 'asc') as ListRequest['sortOrder'],
        sortBy: (r.string('SortBy', {
          enum: ['created-date', 'last-accessed-date', 'last-changed-date', 'name'],
        }) ?? 'created-date') as ListRequest['sortBy'],
      }),
      (ctx, request) => reader.list(ctx, request),
      () => '*',
    ),
    ListSecretVersionIds: handledJsonOperation(
      (r) => ({
        secretId: id(r),
        maxResults: r.integer('MaxResults', { min: 1, max: 100 }),
        nextToken: r.string('NextToken', nextToken),
        includeDeprecated: r.boolean('IncludeDeprecated') ?? false,
      }),
      (ctx, request) => reader.versions(ctx, request),
    ),
    DeleteSecret: handledJsonOperation(
      (r) => ({
        secretId: id(r),
        recoveryWindowInDays: r.integer('RecoveryWindowInDays'),
        force: r.boolean('ForceDeleteWithoutRecovery'),
      }),
      (ctx, request) => admin.delete(ctx, request),
    ),
    RestoreSecret: handledJsonOperation(id, (ctx, secret) => admin.restore(ctx, secret)),
    UpdateSecretVersionStage: handledJsonOperation(
      (r) => ({
        secretId: id(r),
        stage: r.string('VersionStage', { ...stage, required: true }),
        removeFrom: r.string('RemoveFromVersionId', versionId),
        moveTo: r.string('MoveToVersionId', versionId),
      }),
      (ctx, request) => admin.moveStage(ctx, request),
    ),
    TagResource: handledJsonOperation(
      (r) => ({
        secret: id(r),
        tags: r.list('Tags', (item, path) => readTag(r, item, path)) ?? required(r, 'Tags'),
      }),
      (ctx, { secret, tags }) => admin.tag(ctx, secret, tags),
    ),
    UntagResource: handledJsonOperation(
      (r) => ({
        secret: id(r),
        keys:
          r.list('TagKeys', (item, path) => readString(r, item, path, { min: 1, max: 128 })) ??
          required(r, 'TagKeys'),
      }),
      (ctx, { secret, keys }) => admin.untag(ctx, secret, keys),
    ),
    GetResourcePolicy: handledJsonOperation(id, (ctx, secret) => admin.getPolicy(ctx, secret)),
    PutResourcePolicy: handledJsonOperation(
      (r) => ({
        secret: id(r),
        policy: r.string('ResourcePolicy', { required: true, min: 1, max: 20_480 }),
        block: r.boolean('BlockPublicPolicy'),
      }),
      (ctx, { secret, policy, block }) => admin.putPolicy(ctx, secret, policy, block),
    ),
    DeleteResourcePolicy: handledJsonOperation(id, (ctx, secret) => admin.deletePolicy(ctx, secret)),
  };
}

/**
 * SecretString and SecretBinary as given, each at most 65,536 bytes; the texts name the member without its value,
 * as AWS does for sensitive members.
 */
function readValue(r: JsonInputReader): { text?: string; binary?: Uint8Array } {
  const text = r.string('SecretString');
  const binary = r.blob('SecretBinary', { min: 1, max: maxValueBytes, sensitive: true });
  if (text !== undefined && Buffer.byteLength(text, 'utf8') > maxValueBytes)
    r.fail('secretString', undefined, `Member must have length less than or equal to ${maxValueBytes}`);
  return { text, binary };
}

/** The value of a request whose shape passed: both members at once is InvalidParameterException. */
function secretValue({ text, binary }: { text?: string; binary?: Uint8Array }): SecretValue | undefined {
  if (text !== undefined && binary !== undefined) throw secretsErrors.bothValues();
  if (text !== undefined) return stringValue(text);
  return binary === undefined ? undefined : binaryValue(binary);
}

/** Secrets Manager's Tag: Key required, 1–128 characters; Value optional, up to 256. */
function readTag(r: JsonInputReader, item: unknown, path: string): SecretTag {
  return readJsonTag(r, item, path, 'Key', { keyRequired: true, keyMin: true });
}

function readFilter(r: JsonInputReader, item: unknown, path: string): SecretFilter {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw serializationError();
  const { Key, Values } = item as Record<string, unknown>;
  const key = readString(r, Key, `${path}.key`, {}, true);
  if (key !== '' && !filterKeys.includes(key as FilterKey))
    r.fail(`${path}.key`, `'${key}'`, `Member must satisfy enum value set: [${filterKeys.join(', ')}]`);
  if (Values !== undefined && !Array.isArray(Values)) throw serializationError();
  const values = (Values ?? []).map((value, index) =>
    readString(r, value, `${path}.values.${index + 1}.member`, { max: 512 }),
  );
  if (values.length > 10)
    r.fail(`${path}.values`, undefined, 'Member must have length less than or equal to 10');
  for (const value of values) {
    if (!filterValue.test(value))
      r.fail(
        `${path}.values`,
        `'${value}'`,
        `Member must satisfy regular expression pattern: ${filterValue.source}`,
      );
  }
  return { key: key as FilterKey, values };
}

/** A nested string member; constraint failures are recorded under its wire path. */
function readString(
  r: JsonInputReader,
  value: unknown,
  path: string,
  rules: { min?: number; max?: number },
  mandatory = false,
): string {
  if (value === undefined || value === null) {
    if (mandatory) r.fail(path, 'null', 'Member must not be null');
    return '';
  }
  if (typeof value !== 'string') throw serializationError();
  if (rules.min !== undefined && value.length < rules.min)
    r.fail(path, `'${value}'`, `Member must have length greater than or equal to ${rules.min}`);
  if (rules.max !== undefined && value.length > rules.max)
    r.fail(path, `'${value}'`, `Member must have length less than or equal to ${rules.max}`);
  return value;
}

function required(r: JsonInputReader, member: string): never[] {
  r.fail(member.charAt(0).toLowerCase() + member.slice(1), 'null', 'Member must not be null');
  return [];
}
