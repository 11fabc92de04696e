import type { OperationSpec, QueryInputReader, RequestContext } from '../../../aws/index.js';
import { queryOperation, readQueryTags } from '../../../aws/index.js';
import { arnBuilders } from '../../../engines/arn/index.js';
import { awsManagedPolicies } from '../../../engines/iam/index.js';
import { type ManagedPolicyRecord, managedPolicy } from '../domain/managed-policy.js';
import { page, pageWire } from '../domain/page.js';
import { policyDocument } from '../domain/policy-document.js';
import { tags } from '../domain/tags.js';
import { uniqueId } from '../domain/unique-id.js';
import { iamErrors } from '../errors.js';
import type { IamRuntime } from '../iam-runtime.js';
import { constraints } from '../input/constraints.js';
import { readPaging } from './paging-input.js';

/**
 * Managed policies: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies and their versions. AWS managed policies
 * (`arn:aws:iam::aws:policy/…`, from the engine's catalogue) can be read and attached but not changed.
 */
export function policyOperations(rt: IamRuntime): Record<string, OperationSpec> {
  const { store } = rt;

  /** Authorizes on PolicyArn and finds the policy (AWS managed ones are readable from any account). */
  async function loadPolicy(ctx: RequestContext, arn: string): Promise<ManagedPolicyRecord> {
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
    CreatePolicy: queryOperation(
      (r) => ({
        name: r.string('PolicyName', constraints.policyName),
        path: r.string('Path', constraints.policyPath) ?? '/',
        document: r.string('PolicyDocument', constraints.policyDocument),
        description: r.string('Description', constraints.description),
        tags: readQueryTags(r),
      }),
      async (ctx, { name, path, document, description, ...input }) => {
        const policyTags = tags.unique(input.tags);
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
          tags: [...policyTags],
        };
        store.transaction(() => {
          if (store.getPolicy(ctx.accountId, name)) throw iamErrors.policyExists(name);
          store.putPolicy(ctx.accountId, record);
        });
        return { Policy: managedPolicy.toWire(record, store.usage(ctx.accountId, arn)) };
      },
    ),

    GetPolicy: queryOperation(readPolicyArn, async (ctx, arn) => {
      const record = await loadPolicy(ctx, arn);
      return { Policy: managedPolicy.toWire(record, store.usage(ctx.accountId, record.arn)) };
    }),

    DeletePolicy: queryOperation(readPolicyArn, async (ctx, arn) => {
      const record = await loadPolicy(ctx, arn);
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

    ListPolicies: queryOperation(
      (r) => ({
        scope: r.choice('Scope', ['All', 'AWS', 'Local'] as const) ?? 'All',
        onlyAttached: r.boolean('OnlyAttached') ?? false,
        prefix: r.string('PathPrefix', constraints.policyPath) ?? '/',
        ...readPaging(r),
      }),
      async (ctx, { scope, onlyAttached, prefix, marker, max }) => {
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
      },
    ),

    CreatePolicyVersion: queryOperation(
      (r) => ({
        document: r.string('PolicyDocument', constraints.policyDocument),
        setAsDefault: r.boolean('SetAsDefault') ?? false,
        arn: readPolicyArn(r),
      }),
      async (ctx, { document, setAsDefault, arn }) => {
        const record = await loadPolicy(ctx, arn);
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
      },
    ),

    GetPolicyVersion: queryOperation(readVersion, async (ctx, { versionId, arn }) => {
      const record = await loadPolicy(ctx, arn);
      const version = managedPolicy.findVersion(record, versionId);
      return { PolicyVersion: managedPolicy.versionWire(record, version, true) };
    }),

    ListPolicyVersions: queryOperation(
      (r) => ({ ...readPaging(r), arn: readPolicyArn(r) }),
      async (ctx, { marker, max, arn }) => {
        const record = await loadPolicy(ctx, arn);
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
      },
    ),

    DeletePolicyVersion: queryOperation(readVersion, async (ctx, { versionId, arn }) => {
      const record = await loadPolicy(ctx, arn);
      refuseAwsManaged(ctx, record);
      store.transaction(() => {
        const current = store.getPolicy(ctx.accountId, record.name) ?? record;
        save(ctx, managedPolicy.deleteVersion(current, versionId));
      });
      return undefined;
    }),

    SetDefaultPolicyVersion: queryOperation(readVersion, async (ctx, { versionId, arn }) => {
      const record = await loadPolicy(ctx, arn);
      refuseAwsManaged(ctx, record);
      store.transaction(() => {
        const current = store.getPolicy(ctx.accountId, record.name) ?? record;
        save(ctx, managedPolicy.setDefault(current, versionId));
      });
      return undefined;
    }),
  };
}

function readPolicyArn(r: QueryInputReader): string {
  return r.string('PolicyArn', constraints.arn);
}

/** VersionId, then PolicyArn, as the version operations read them. */
function readVersion(r: QueryInputReader): { versionId: string; arn: string } {
  return { versionId: r.string('VersionId', constraints.versionId), arn: readPolicyArn(r) };
}

/** The listing order of policies: by name without regard to case, then ARN (unique). */
function policyKey(record: ManagedPolicyRecord): string {
  return `${record.name.toLowerCase()}\u0000${record.arn}`;
}
