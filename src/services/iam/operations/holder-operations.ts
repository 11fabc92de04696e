import type { OperationSpec, RequestContext } from '../../../aws/index.js';
import { QueryInputReader } from '../../../aws/index.js';
import { constraints, maxItems } from '../domain/constraints.js';
import { page, pageWire } from '../domain/page.js';
import { policyDocument } from '../domain/policy-document.js';
import { type PolicyHolderRecord, policyHolder } from '../domain/policy-holder.js';
import { tags } from '../domain/tags.js';
import { iamErrors } from '../errors.js';
import type { IamRuntime } from '../iam-runtime.js';
import { attachablePolicy, boundaryPolicy, type HolderAccess, loadHolder } from './holder-access.js';
import { handler } from './role-operations.js';

/**
 * The operations on what a role or user holds, for one kind: Put/Get/Delete/List<Kind>Policies (inline),
 * Attach/Detach/ListAttached<Kind>Policies, Put/Delete<Kind>PermissionsBoundary, Tag/Untag/List<Kind>Tags.
 */
export function holderOperations<R extends PolicyHolderRecord>(
  rt: IamRuntime,
  access: HolderAccess<R>,
): Record<string, OperationSpec> {
  const { kind, nameParam } = access;
  const { store } = rt;

  /** Reads the holder's name, validates the rest of the input with `read`, authorizes and loads the holder. */
  async function begin<T>(
    ctx: RequestContext,
    input: Record<string, unknown>,
    read: (reader: QueryInputReader) => T,
    context: (value: T) => Record<string, string | string[] | undefined> = () => ({}),
  ): Promise<{ record: R; value: T }> {
    const reader = new QueryInputReader(input);
    const name = reader.string(nameParam, access.nameRule);
    const value = read(reader);
    reader.done();
    return { record: await loadHolder(rt, access, ctx, name, context(value)), value };
  }

  /** Changes the holder as stored now (not as loaded before authorization awaited), atomically. */
  function change(ctx: RequestContext, name: string, fn: (current: R) => R | undefined): void {
    store.transaction(() => {
      const current = access.get(ctx.accountId, name);
      if (!current) throw access.notFound(name);
      const next = fn(current);
      if (next) access.put(ctx.accountId, next);
    });
  }

  return {
    [`Put${kind}Policy`]: handler(async (ctx, input) => {
      const { record, value } = await begin(ctx, input, (reader) => ({
        policyName: reader.string('PolicyName', constraints.policyName),
        document: reader.string('PolicyDocument', constraints.policyDocument),
      }));
      policyDocument.parse(value.document, 'identity', value.policyName);
      change(ctx, record.name, (current) =>
        policyHolder.putInline(
          current,
          { name: value.policyName, document: value.document },
          access.inlineLimit,
          () => access.inlineTooLarge(record.name),
        ),
      );
      return undefined;
    }),

    [`Get${kind}Policy`]: handler(async (ctx, input) => {
      const { record, value } = await begin(ctx, input, (r) =>
        r.string('PolicyName', constraints.policyName),
      );
      const policy = policyHolder.findInline(record, value);
      if (!policy) throw access.noSuchInline(value);
      return {
        [nameParam]: record.name,
        PolicyName: policy.name,
        PolicyDocument: policyDocument.encode(policy.document),
      };
    }),

    [`Delete${kind}Policy`]: handler(async (ctx, input) => {
      const { record, value } = await begin(ctx, input, (r) =>
        r.string('PolicyName', constraints.policyName),
      );
      change(ctx, record.name, (current) =>
        policyHolder.deleteInline(current, value, () => access.noSuchInline(value)),
      );
      return undefined;
    }),

    [`List${kind}Policies`]: handler(async (ctx, input) => {
      const { record, value } = await begin(ctx, input, readPaging);
      const result = page(policyHolder.inlineNames(record), (name) => name, value.marker, value.max);
      return { PolicyNames: result.items, ...pageWire(result) };
    }),

    [`Attach${kind}Policy`]: handler(async (ctx, input) => {
      const { record, value: arn } = await begin(
        ctx,
        input,
        (r) => r.string('PolicyArn', constraints.arn),
        (arn) => ({ 'iam:PolicyARN': arn }),
      );
      store.transaction(() => {
        attachablePolicy(rt, ctx, arn);
        let attached = false;
        change(ctx, record.name, (current) => {
          const next = policyHolder.attach(current, arn, () => iamErrors.tooManyAttached(kind));
          attached = next !== undefined;
          return next;
        });
        if (attached) store.countUsage(ctx.accountId, arn, 1, 0);
      });
      return undefined;
    }),

    [`Detach${kind}Policy`]: handler(async (ctx, input) => {
      const { record, value: arn } = await begin(
        ctx,
        input,
        (r) => r.string('PolicyArn', constraints.arn),
        (arn) => ({ 'iam:PolicyARN': arn }),
      );
      store.transaction(() => {
        change(ctx, record.name, (current) =>
          policyHolder.detach(current, arn, () => iamErrors.noSuchPolicy(arn)),
        );
        store.countUsage(ctx.accountId, arn, -1, 0);
      });
      return undefined;
    }),

    [`ListAttached${kind}Policies`]: handler(async (ctx, input) => {
      const { record, value } = await begin(ctx, input, (reader) => ({
        ...readPaging(reader),
        prefix: reader.string('PathPrefix', constraints.policyPath) ?? '/',
      }));
      const attached = record.attachedPolicies.flatMap((arn) => {
        const policy = rt.directory.managedPolicy(arn);
        return policy?.path.startsWith(value.prefix) ? [{ PolicyName: policy.name, PolicyArn: arn }] : [];
      });
      const result = page(attached, (p) => p.PolicyArn, value.marker, value.max);
      return { AttachedPolicies: result.items, ...pageWire(result) };
    }),

    [`Put${kind}PermissionsBoundary`]: handler(async (ctx, input) => {
      const { record, value: arn } = await begin(
        ctx,
        input,
        (r) => r.string('PermissionsBoundary', constraints.arn),
        (arn) => ({ 'iam:PermissionsBoundary': arn }),
      );
      boundaryPolicy(rt, ctx, arn);
      store.transaction(() => {
        let previous: string | undefined;
        change(ctx, record.name, (current) => {
          previous = current.permissionsBoundary;
          return { ...current, permissionsBoundary: arn };
        });
        if (previous === arn) return;
        if (previous !== undefined) store.countUsage(ctx.accountId, previous, 0, -1);
        store.countUsage(ctx.accountId, arn, 0, 1);
      });
      return undefined;
    }),

    [`Delete${kind}PermissionsBoundary`]: handler(async (ctx, input) => {
      const { record } = await begin(ctx, input, () => undefined);
      store.transaction(() => {
        let previous: string | undefined;
        change(ctx, record.name, (current) => {
          previous = current.permissionsBoundary;
          return previous === undefined ? undefined : { ...current, permissionsBoundary: undefined };
        });
        if (previous !== undefined) store.countUsage(ctx.accountId, previous, 0, -1);
      });
      return undefined;
    }),

    [`Tag${kind}`]: handler(async (ctx, input) => {
      const { record, value } = await begin(
        ctx,
        input,
        (reader) => tags.read(reader, { required: true }) ?? [],
        (added) => tags.requestContext(added),
      );
      change(ctx, record.name, (current) => ({ ...current, tags: tags.merge(current.tags, value, kind) }));
      return undefined;
    }),

    [`Untag${kind}`]: handler(async (ctx, input) => {
      const { record, value } = await begin(
        ctx,
        input,
        (reader) => reader.strings('TagKeys', { required: true, ...keyRule }, 50) ?? [],
        (keys) => ({ 'aws:TagKeys': keys }),
      );
      change(ctx, record.name, (current) => ({ ...current, tags: tags.remove(current.tags, value) }));
      return undefined;
    }),

    [`List${kind}Tags`]: handler(async (ctx, input) => {
      const { record, value } = await begin(ctx, input, readPaging);
      const result = page(record.tags, (tag) => tag.Key, value.marker, value.max);
      return { Tags: result.items, ...pageWire(result) };
    }),
  };
}

const { required: _, ...keyRule } = constraints.tagKey;

function readPaging(reader: QueryInputReader): { marker?: string; max?: number } {
  return { marker: reader.string('Marker', constraints.marker), max: reader.integer('MaxItems', maxItems) };
}
