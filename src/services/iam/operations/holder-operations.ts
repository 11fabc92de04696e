import type { OperationSpec, QueryInputReader, RequestContext } from '../../../aws/index.js';
import { queryOperation, readQueryTags } from '../../../aws/index.js';
import { page, pageWire } from '../domain/page.js';
import { policyDocument } from '../domain/policy-document.js';
import { type PolicyHolderRecord, policyHolder } from '../domain/policy-holder.js';
import { tags } from '../domain/tags.js';
import { iamErrors } from '../errors.js';
import type { IamRuntime } from '../iam-runtime.js';
import { constraints } from '../input/constraints.js';
import { attachablePolicy, boundaryPolicy, type HolderAccess, loadHolder } from './holder-access.js';
import { readPaging } from './paging-input.js';

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

  /**
   * An operation on one holder: reads its name, then the rest of the input with `read`; once all of it passed,
   * authorizes on the holder (with the request's own condition keys from `context`), loads it and acts on it.
   */
  function onHolder<T>(
    read: (r: QueryInputReader) => T,
    act: (ctx: RequestContext, record: R, value: T) => Promise<unknown>,
    context: (value: T) => Record<string, string | string[] | undefined> = () => ({}),
  ): OperationSpec {
    return queryOperation(
      (r) => ({ name: r.string(nameParam, access.nameRule), value: read(r) }),
      async (ctx, { name, value }) =>
        act(ctx, await loadHolder(rt, access, ctx, name, context(value)), value),
    );
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
    [`Put${kind}Policy`]: onHolder(
      (reader) => ({
        policyName: reader.string('PolicyName', constraints.policyName),
        document: reader.string('PolicyDocument', constraints.policyDocument),
      }),
      async (ctx, record, value) => {
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
      },
    ),

    [`Get${kind}Policy`]: onHolder(
      (r) => r.string('PolicyName', constraints.policyName),
      async (_ctx, record, value) => {
        const policy = policyHolder.findInline(record, value);
        if (!policy) throw access.noSuchInline(value);
        return {
          [nameParam]: record.name,
          PolicyName: policy.name,
          PolicyDocument: policyDocument.encode(policy.document),
        };
      },
    ),

    [`Delete${kind}Policy`]: onHolder(
      (r) => r.string('PolicyName', constraints.policyName),
      async (ctx, record, value) => {
        change(ctx, record.name, (current) =>
          policyHolder.deleteInline(current, value, () => access.noSuchInline(value)),
        );
        return undefined;
      },
    ),

    [`List${kind}Policies`]: onHolder(readPaging, async (_ctx, record, value) => {
      const result = page(policyHolder.inlineNames(record), (name) => name, value.marker, value.max);
      return { PolicyNames: result.items, ...pageWire(result) };
    }),

    [`Attach${kind}Policy`]: onHolder(
      (r) => r.string('PolicyArn', constraints.arn),
      async (ctx, record, arn) => {
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
      },
      (arn) => ({ 'iam:PolicyARN': arn }),
    ),

    [`Detach${kind}Policy`]: onHolder(
      (r) => r.string('PolicyArn', constraints.arn),
      async (ctx, record, arn) => {
        store.transaction(() => {
          change(ctx, record.name, (current) =>
            policyHolder.detach(current, arn, () => iamErrors.noSuchPolicy(arn)),
          );
          store.countUsage(ctx.accountId, arn, -1, 0);
        });
        return undefined;
      },
      (arn) => ({ 'iam:PolicyARN': arn }),
    ),

    [`ListAttached${kind}Policies`]: onHolder(
      (reader) => ({
        ...readPaging(reader),
        prefix: reader.string('PathPrefix', constraints.policyPath) ?? '/',
      }),
      async (_ctx, record, value) => {
        const attached = record.attachedPolicies.flatMap((arn) => {
          const policy = rt.directory.managedPolicy(arn);
          return policy?.path.startsWith(value.prefix) ? [{ PolicyName: policy.name, PolicyArn: arn }] : [];
        });
        const result = page(attached, (p) => p.PolicyArn, value.marker, value.max);
        return { AttachedPolicies: result.items, ...pageWire(result) };
      },
    ),

    [`Put${kind}PermissionsBoundary`]: onHolder(
      (r) => r.string('PermissionsBoundary', constraints.arn),
      async (ctx, record, arn) => {
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
      },
      (arn) => ({ 'iam:PermissionsBoundary': arn }),
    ),

    [`Delete${kind}PermissionsBoundary`]: onHolder(
      () => undefined,
      async (ctx, record) => {
        store.transaction(() => {
          let previous: string | undefined;
          change(ctx, record.name, (current) => {
            previous = current.permissionsBoundary;
            return previous === undefined ? undefined : { ...current, permissionsBoundary: undefined };
          });
          if (previous !== undefined) store.countUsage(ctx.accountId, previous, 0, -1);
        });
        return undefined;
      },
    ),

    [`Tag${kind}`]: onHolder(
      (reader) => readQueryTags(reader, 'Tags', { required: true }),
      async (ctx, record, value) => {
        change(ctx, record.name, (current) => ({ ...current, tags: tags.merge(current.tags, value, kind) }));
        return undefined;
      },
      // Duplicate keys are refused before authorization, as IAM does.
      (added) => tags.requestContext(tags.unique(added)),
    ),

    [`Untag${kind}`]: onHolder(
      (reader) => reader.strings('TagKeys', { ...keyRule, required: true }, 50),
      async (ctx, record, value) => {
        change(ctx, record.name, (current) => ({ ...current, tags: tags.remove(current.tags, value) }));
        return undefined;
      },
      (keys) => ({ 'aws:TagKeys': keys }),
    ),

    [`List${kind}Tags`]: onHolder(readPaging, async (_ctx, record, value) => {
      const result = page(record.tags, (tag) => tag.Key, value.marker, value.max);
      return { Tags: result.items, ...pageWire(result) };
    }),
  };
}

const { required: _, ...keyRule } = constraints.tagKey;
