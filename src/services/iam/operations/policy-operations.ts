import type { OperationSpec, RequestContext } from '../../../aws/index.js';
import { QueryInputReader } from '../../../aws/index.js';
import { arnBuilders } from '../../../engines/arn/index.js';
import { awsManagedPolicies } from '../../../engines/iam/index.js';
import { constraints, maxItems } from '../domain/constraints.js';
import { type ManagedPolicyRecord, managedPolicy } from '../domain/managed-policy.js';
import { page, pageWire } from '../domain/page.js';
import { policyDocument } from '../domain/policy-document.js';
import { tags } from '../domain/tags.js';
import { uniqueId } from '../domain/unique-id.js';
import { iamErrors } from '../errors.js';
import type { IamRuntime } from '../iam-runtime.js';
import { handler } from './role-operations.js';

/**
 * Managed policies: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies and their versions. AWS managed policies
 * (`arn:aws:iam::aws:policy/…`, from the engine's catalogue) can be read and attached but not changed.
 */
export function policyOperations(rt: IamRuntime): Record<string, OperationSpec> {
  const { store } = rt;

  /** Reads PolicyArn, authorizes on it and finds the policy (AWS managed ones are readable from any account). */
  async function loadPolicy(ctx: RequestContext, reader: QueryInputReader): Promise<ManagedPolicyRecord> {
    const arn = reader.string('PolicyArn', constraints.arn);
    reader.done();
    const record = rt.directory.managedPolicy(arn);
    const awsManaged = arn.startsWith(`arn:${rt.partition}:iam::aws:`);
    await rt.authorize(ctx, { resource: arn, resourceAccount: awsManaged ? ctx.accountId : undefined });
    const visible =
      record && (record.awsManaged || arn.startsWith(`arn:${rt.partition}:iam::${ctx.accountId}:`));
    if (!visible) throw iamErrors.noSuchPolicy(arn);
    return record;
  }

  function refuseAwsManaged(ctx: RequestContext, record: ManagedPolicyRecord): void {
    if (record.awsManaged) throw iamErrors.outsideAccount(ctx.operation);
  }

  function save(ctx: RequestContext, record: ManagedPolicyRecord): void {
    store.transaction(() => {
      if (!store.getPolicy(ctx.accountId, record.name)) throw iamErrors.noSuchPolicy(record.arn);
      store.putPolicy(ctx.accountId, record);
    });
  }

  return {
    CreatePolicy: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const name = reader.string('PolicyName', constraints.policyName);
      const path = reader.string('Path', constraints.policyPath) ?? '/';
      const document = reader.string('PolicyDocument', constraints.policyDocument);
      const description = reader.string('Description', constraints.description);
      const policyTags = tags.read(reader) ?? [];
      reader.done();
      const arn = arnBuilders.managedPolicy(rt.partition, ctx.accountId, name, path);
      await rt.authorize(ctx, { resource: arn, context: tags.requestContext(policyTags) });
      policyDocument.parse(document, 'identity', arn);
      managedPolicy.checkSize(document);
      const now = rt.now().toISOString();
      const record: ManagedPolicyRecord = {
        name,
        path,
        arn,
        policyId: uniqueId(rt.deps.random, 'ANPA'),
        description,
        createDate: now,
        defaultVersionId: 'v1',
        nextVersion: 2,
        versions: [{ versionId: 'v1', document, createDate: now }],
        tags: policyTags,
      };
      store.transaction(() => {
        if (store.getPolicy(ctx.accountId, name)) throw iamErrors.policyExists(name);
        store.putPolicy(ctx.accountId, record);
      });
      return { Policy: managedPolicy.toWire(record, store.usage(ctx.accountId, arn)) };
    }),

    GetPolicy: handler(async (ctx, input) => {
      const record = await loadPolicy(ctx, new QueryInputReader(input));
      return { Policy: managedPolicy.toWire(record, store.usage(ctx.accountId, record.arn)) };
    }),

    DeletePolicy: handler(async (ctx, input) => {
      const record = await loadPolicy(ctx, new QueryInputReader(input));
      refuseAwsManaged(ctx, record);
      store.transaction(() => {
        const usage = store.usage(ctx.accountId, record.arn);
        if (usage.attachmentCount > 0 || usage.boundaryUsageCount > 0) throw iamErrors.policyAttached();
        const current = store.getPolicy(ctx.accountId, record.name);
        if (!current) throw iamErrors.noSuchPolicy(record.arn);
        if (current.versions.length > 1) throw iamErrors.policyHasVersions();
        store.deletePolicy(ctx.accountId, record.name);
      });
      return undefined;
    }),

    ListPolicies: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const scope = reader.choice('Scope', ['All', 'AWS', 'Local'] as const) ?? 'All';
      const onlyAttached = reader.boolean('OnlyAttached') ?? false;
      const prefix = reader.string('PathPrefix', constraints.policyPath) ?? '/';
      const marker = reader.string('Marker', constraints.marker);
      const max = reader.integer('MaxItems', maxItems);
      reader.done();
      await rt.authorize(ctx, {
        resource: arnBuilders.managedPolicy(rt.partition, ctx.accountId, '', prefix),
        display: `policy path ${prefix}`,
      });
      const aws =
        scope === 'Local'
          ? []
          : awsManagedPolicies.map(
              (entry) =>
                rt.directory.managedPolicy(
                  arnBuilders.awsManagedPolicy(rt.partition, entry.name, entry.path),
                )!,
            );
      const local = scope === 'AWS' ? [] : store.listPolicies(ctx.accountId);
      const used = onlyAttached ? store.usedPolicies(ctx.accountId) : undefined;
      const listed = [...aws, ...local]
        .filter((record) => record.path.startsWith(prefix) && (!used || used.has(record.arn)))
        .sort((a, b) => (policyKey(a) < policyKey(b) ? -1 : 1));
      const result = page(listed, policyKey, marker, max);
      return {
        Policies: result.items.map((record) =>
          managedPolicy.toWire(record, store.usage(ctx.accountId, record.arn), 'list'),
        ),
        ...pageWire(result),
      };
    }),

    CreatePolicyVersion: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const document = reader.string('PolicyDocument', constraints.policyDocument);
      const setAsDefault = reader.boolean('SetAsDefault') ?? false;
      const record = await loadPolicy(ctx, reader);
      refuseAwsManaged(ctx, record);
      policyDocument.parse(document, 'identity', record.arn);
      managedPolicy.checkSize(document);
      let created: ManagedPolicyRecord | undefined;
      store.transaction(() => {
        const current = store.getPolicy(ctx.accountId, record.name) ?? record;
        const next = managedPolicy.addVersion(current, document, setAsDefault, rt.now());
        save(ctx, next.record);
        created = next.record;
      });
      const version = created!.versions.at(-1)!;
      return { PolicyVersion: managedPolicy.versionWire(created!, version, false) };
    }),

    GetPolicyVersion: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const versionId = reader.string('VersionId', constraints.versionId);
      const record = await loadPolicy(ctx, reader);
      const version = managedPolicy.findVersion(record, versionId);
      return { PolicyVersion: managedPolicy.versionWire(record, version, true) };
    }),

    ListPolicyVersions: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const marker = reader.string('Marker', constraints.marker);
      const max = reader.integer('MaxItems', maxItems);
      const record = await loadPolicy(ctx, reader);
      // Newest first, as IAM lists them.
      const versions = [...record.versions].reverse();
      const result = page(
        versions,
        (v) => String(1e9 - Number(v.versionId.slice(1))).padStart(10, '0'),
        marker,
        max,
      );
      return {
        Versions: result.items.map((version) => managedPolicy.versionWire(record, version, false)),
        ...pageWire(result),
      };
    }),

    DeletePolicyVersion: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const versionId = reader.string('VersionId', constraints.versionId);
      const record = await loadPolicy(ctx, reader);
      refuseAwsManaged(ctx, record);
      store.transaction(() => {
        const current = store.getPolicy(ctx.accountId, record.name) ?? record;
        save(ctx, managedPolicy.deleteVersion(current, versionId));
      });
      return undefined;
    }),

    SetDefaultPolicyVersion: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const versionId = reader.string('VersionId', constraints.versionId);
      const record = await loadPolicy(ctx, reader);
      refuseAwsManaged(ctx, record);
      store.transaction(() => {
        const current = store.getPolicy(ctx.accountId, record.name) ?? record;
        save(ctx, managedPolicy.setDefault(current, versionId));
      });
      return undefined;
    }),
  };
}

/** The listing order of policies: by name without regard to case, then ARN (unique). */
function policyKey(record: ManagedPolicyRecord): string {
  return `${record.name.toLowerCase()}\u0000${record.arn}`;
}
