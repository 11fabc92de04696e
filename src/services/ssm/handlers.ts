import type { OperationSpec, RequestContext } from '../../aws/index.js';
import { handledJsonOperation, type JsonInputReader } from '../../aws/index.js';
import { ssmArns } from '../../engines/ssm/index.js';
import { type ParameterType, parameterTiers, parameterTypes } from './domain/parameter-document.js';
import {
  readFilters,
  readLabels,
  readName,
  readNames,
  readTagKeys,
  readTags,
} from './input/read-parameter.js';
import type { ParameterAccess } from './parameter-access.js';
import type { ParameterAdmin } from './parameter-admin.js';
import type { ParameterReader } from './parameter-reader.js';
import type { ParameterWriter } from './parameter-writer.js';

export interface SsmParts {
  readonly reader: ParameterReader;
  readonly writer: ParameterWriter;
  readonly admin: ParameterAdmin;
  readonly access: ParameterAccess;
  readonly partition: string;
}

type Resource = (ctx: RequestContext, input: Record<string, unknown>) => string;

const resourceTypes = [
  'Document',
  'ManagedInstance',
  'MaintenanceWindow',
  'Parameter',
  'PatchBaseline',
  'OpsItem',
  'OpsMetadata',
  'Automation',
  'Association',
];

/**
 * Parameter Store's operations. IAM decides on the parameter's ARN (engines/ssm), asked by the handler with the
 * parameter's tags and the request's as condition keys (parameter-access.ts); by the gateway where no parameter is
 * named (GetParametersByPath on the path's ARN, DescribeParameters on `*`).
 */
export function ssmOperations(parts: SsmParts): Record<string, OperationSpec> {
  const { reader, writer, admin, access, partition } = parts;
  const onPath: Resource = (ctx, input) =>
    ssmArns.parameter(
      { partition, region: ctx.region, account: ctx.accountId },
      text(input.Path).replace(/\/$/, ''),
    );
  const page = (r: JsonInputReader, max: number) => ({
    maxResults: r.integer('MaxResults', { min: 1, max }),
    nextToken: r.string('NextToken'),
  });
  const tagging = (r: JsonInputReader) => ({
    resourceType: r.string('ResourceType', { enum: resourceTypes, required: true }),
    id: r.string('ResourceId', { required: true }),
  });
  /** An operation on the one parameter its input names, authorized by its handler once the input is read. */
  const onParameter = <T extends { readonly name: string }>(
    action: string,
    read: (r: JsonInputReader) => T,
    act: (ctx: RequestContext, input: T) => Promise<unknown>,
  ): OperationSpec =>
    handledJsonOperation(read, async (ctx, input) => {
      await access.authorize(ctx, `ssm:${action}`, input.name);
      return act(ctx, input);
    });
  return {
    PutParameter: handledJsonOperation(
      (r) => ({
        name: readName(r),
        // The model gives Value no length; an empty one is refused with the front end's length text [INF:
        // fakecloud's], which then shows '' only: a value never appears in an error.
        value: r.string('Value', { required: true, min: 1 }),
        type: r.string('Type', { enum: parameterTypes }) as ParameterType | undefined,
        description: r.string('Description', { min: 0, max: 1024 }),
        keyId: r.string('KeyId', { min: 1, max: 256, pattern: /^([a-zA-Z0-9:/_-]+)$/ }),
        overwrite: r.boolean('Overwrite') ?? false,
        allowedPattern: r.string('AllowedPattern', { min: 0, max: 1024 }),
        tags: readTags(r),
        tier: r.string('Tier', { enum: parameterTiers }),
        policies: r.string('Policies', { min: 1, max: 4096 }),
        dataType: r.string('DataType', { min: 0, max: 128 }),
      }),
      // [INF] Policies (expiration notifications) are read and not kept: berth has no EventBridge.
      async (ctx, { policies: _policies, ...request }) => writer.put(ctx, request),
    ),
    GetParameter: onParameter(
      'GetParameter',
      (r) => ({ name: readName(r), decrypt: r.boolean('WithDecryption') ?? false }),
      (ctx, { name, decrypt }) => reader.get(ctx, name, decrypt),
    ),
    GetParameters: handledJsonOperation(
      (r) => ({ names: readNames(r), decrypt: r.boolean('WithDecryption') ?? false }),
      (ctx, { names, decrypt }) => reader.getMany(ctx, names, decrypt),
    ),
    GetParametersByPath: authorized(
      onPath,
      (r) => ({
        path: readName(r, 'Path'),
        recursive: r.boolean('Recursive') ?? false,
        filters: readFilters(r),
        decrypt: r.boolean('WithDecryption') ?? false,
        ...page(r, 10),
      }),
      (ctx, request) => reader.byPath(ctx, request),
    ),
    DeleteParameter: onParameter(
      'DeleteParameter',
      (r) => ({ name: readName(r) }),
      async (ctx, { name }) => writer.delete(ctx, name),
    ),
    DeleteParameters: handledJsonOperation(
      (r) => readNames(r),
      (ctx, names) => writer.deleteMany(ctx, names),
    ),
    DescribeParameters: authorized(
      () => '*',
      (r) => {
        // The deprecated Filters are read for their shape and not applied [INF]: ParameterFilters replace them.
        r.list('Filters', (item) => item);
        r.boolean('Shared');
        return { filters: readFilters(r), ...page(r, 50) };
      },
      async (ctx, request) => reader.describe(ctx, request),
    ),
    GetParameterHistory: onParameter(
      'GetParameterHistory',
      (r) => ({ name: readName(r), decrypt: r.boolean('WithDecryption') ?? false, ...page(r, 50) }),
      (ctx, request) => reader.history(ctx, request),
    ),
    LabelParameterVersion: onParameter(
      'LabelParameterVersion',
      (r) => ({ name: readName(r), version: r.integer('ParameterVersion'), labels: readLabels(r) }),
      async (ctx, { name, version, labels }) => admin.label(ctx, name, labels, version),
    ),
    UnlabelParameterVersion: onParameter(
      'UnlabelParameterVersion',
      (r) => ({
        name: readName(r),
        version: r.integer('ParameterVersion', { required: true }),
        labels: readLabels(r),
      }),
      async (ctx, { name, version, labels }) => admin.unlabel(ctx, name, labels, version),
    ),
    AddTagsToResource: handledJsonOperation(
      (r) => ({ ...tagging(r), tags: readTags(r, true) ?? [] }),
      async (ctx, { resourceType, id, tags }) => {
        await access.authorize(ctx, 'ssm:AddTagsToResource', id, tags);
        admin.addTags(ctx, resourceType, id, tags);
      },
    ),
    RemoveTagsFromResource: handledJsonOperation(
      (r) => ({ ...tagging(r), keys: readTagKeys(r) }),
      async (ctx, { resourceType, id, keys }) => {
        await access.authorize(
          ctx,
          'ssm:RemoveTagsFromResource',
          id,
          keys.map((key) => ({ key })),
        );
        admin.removeTags(ctx, resourceType, id, keys);
      },
    ),
    ListTagsForResource: onParameter(
      'ListTagsForResource',
      (r) => {
        const target = tagging(r);
        return { ...target, name: target.id };
      },
      async (ctx, { resourceType, id }) => admin.listTags(ctx, resourceType, id),
    ),
  };
}

/** An operation the gateway authorizes on `resource` (from the raw input) before `read → done() → act`. */
const authorized = <T>(
  resource: Resource,
  read: (r: JsonInputReader) => T,
  act: (ctx: RequestContext, input: T) => Promise<unknown>,
): OperationSpec => handledJsonOperation(read, act, resource);

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
