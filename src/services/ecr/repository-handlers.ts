import {
  handledJsonOperation,
  type JsonInputReader,
  type OperationSpec,
  readJsonTag,
  serializationError,
} from '../../aws/index.js';
import { ecrRepositoryNamePattern } from '../../engines/ecr/index.js';
import {
  type MutabilityExclusion,
  type TagMutability,
  tagMutabilities,
} from './domain/repository-document.js';
import type { Repositories, Tag } from './repositories.js';

const registryId = { pattern: /^[0-9]{12}$/ } as const;
const name = { required: true, min: 2, max: 256, pattern: ecrRepositoryNamePattern } as const;
const arn = { required: true, min: 1, max: 1011 } as const;

export const readRegistryId = (r: JsonInputReader) => r.string('registryId', registryId);
export const readName = (r: JsonInputReader) => r.string('repositoryName', name);
const repository = (r: JsonInputReader) => ({ registryId: readRegistryId(r), name: readName(r) });

/** ECR's repository operations (ref ecr §1.3): read, then act (which authorizes on the repository, with its policy). */
export function repositoryOperations(repositories: Repositories): Record<string, OperationSpec> {
  return {
    CreateRepository: handledJsonOperation(
      (r, input) => ({
        registryId: readRegistryId(r),
        name: readName(r),
        tags: readTags(r, 'tags'),
        imageTagMutability: r.string('imageTagMutability', { enum: tagMutabilities }) as
          | TagMutability
          | undefined,
        exclusions: readExclusions(r),
        scanOnPush: readObject(input, 'imageScanningConfiguration', (o) => bool(o.scanOnPush)),
        encryption: readObject(input, 'encryptionConfiguration', (o) => ({
          encryptionType: str(o.encryptionType) ?? 'AES256',
          ...(str(o.kmsKey) === undefined ? {} : { kmsKey: str(o.kmsKey)! }),
        })),
      }),
      (ctx, request) => repositories.create(ctx, request),
    ),
    DescribeRepositories: handledJsonOperation(
      (r) => ({
        registryId: readRegistryId(r),
        names: r.list('repositoryNames', listString, { min: 1, max: 100 }),
        nextToken: r.string('nextToken'),
        maxResults: r.integer('maxResults', { min: 1, max: 1000 }),
      }),
      (ctx, request) => repositories.describe(ctx, request),
    ),
    DeleteRepository: handledJsonOperation(
      (r) => ({ ...repository(r), force: r.boolean('force') }),
      (ctx, request) => repositories.delete(ctx, request),
    ),
    SetRepositoryPolicy: handledJsonOperation(
      (r) => ({
        ...repository(r),
        policyText: r.string('policyText', { required: true, min: 0, max: 10_240 }),
        force: r.boolean('force'),
      }),
      (ctx, { force: _, ...request }) => repositories.setPolicy(ctx, request),
    ),
    GetRepositoryPolicy: handledJsonOperation(repository, (ctx, request) =>
      repositories.getPolicy(ctx, request),
    ),
    DeleteRepositoryPolicy: handledJsonOperation(repository, (ctx, request) =>
      repositories.deletePolicy(ctx, request),
    ),
    PutLifecyclePolicy: handledJsonOperation(
      (r) => ({
        ...repository(r),
        lifecyclePolicyText: r.string('lifecyclePolicyText', { required: true, min: 100, max: 30_720 }),
      }),
      (ctx, request) => repositories.putLifecyclePolicy(ctx, request),
    ),
    GetLifecyclePolicy: handledJsonOperation(repository, (ctx, request) =>
      repositories.getLifecyclePolicy(ctx, request),
    ),
    DeleteLifecyclePolicy: handledJsonOperation(repository, (ctx, request) =>
      repositories.deleteLifecyclePolicy(ctx, request),
    ),
    PutImageTagMutability: handledJsonOperation(
      (r) => ({
        ...repository(r),
        mutability: r.string('imageTagMutability', {
          required: true,
          enum: tagMutabilities,
        }) as TagMutability,
        exclusions: readExclusions(r),
      }),
      (ctx, request) => repositories.putTagMutability(ctx, request),
    ),
    TagResource: handledJsonOperation(
      (r) => ({ arn: r.string('resourceArn', arn), tags: readTags(r, 'tags', true) ?? [] }),
      (ctx, { arn, tags }) => repositories.tag(ctx, arn, tags),
    ),
    UntagResource: handledJsonOperation(
      (r) => ({
        arn: r.string('resourceArn', arn),
        keys: r.list('tagKeys', listString) ?? missing(r, 'tagKeys'),
      }),
      (ctx, { arn, keys }) => repositories.untag(ctx, arn, keys),
    ),
    ListTagsForResource: handledJsonOperation(
      (r) => r.string('resourceArn', arn),
      (ctx, resourceArn) => repositories.listTags(ctx, resourceArn),
    ),
  };
}

function readTags(r: JsonInputReader, member: string, required = false): Tag[] | undefined {
  const tags = r.list(member, (item, path) =>
    readJsonTag(r, item, path, 'Key', { keyRequired: true, valueRequired: true }),
  );
  return tags ?? (required ? missing(r, member) : undefined);
}

function readExclusions(r: JsonInputReader): MutabilityExclusion[] | undefined {
  return r.list(
    'imageTagMutabilityExclusionFilters',
    (item, path) => {
      const o = object(item);
      const filter = str(o.filter) ?? '';
      if (!/^[0-9a-zA-Z._*-]{1,128}$/.test(filter)) {
        r.fail(
          `${path}.filter`,
          `'${filter}'`,
          'Member must satisfy regular expression pattern: ^[0-9a-zA-Z._*-]{1,128}',
        );
      }
      if (str(o.filterType) !== 'WILDCARD')
        r.fail(`${path}.filterType`, undefined, 'Member must satisfy enum value set: [WILDCARD]');
      return { filterType: 'WILDCARD', filter } as const;
    },
    { min: 1, max: 5 },
  );
}

/** A required list that is missing: recorded as a validation failure, read as empty. */
export function missing(r: JsonInputReader, member: string): [] {
  r.fail(member, 'null', 'Member must not be null');
  return [];
}

export function listString(value: unknown): string {
  if (typeof value !== 'string') throw serializationError();
  return value;
}

/** A structure member, read from the raw input (the reader has no structures; a wrong type is SerializationException). */
function readObject<T>(
  input: Record<string, unknown>,
  member: string,
  read: (o: Record<string, unknown>) => T,
): T | undefined {
  const value = Object.hasOwn(input, member) ? input[member] : undefined;
  return value === undefined || value === null ? undefined : read(object(value));
}

export function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw serializationError();
  return value as Record<string, unknown>;
}

function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError();
  return value;
}

function bool(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serializationError();
  return value;
}
