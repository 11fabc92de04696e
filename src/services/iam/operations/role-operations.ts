import type { OperationSpec, QueryInputReader, RequestContext } from '../../../aws/index.js';
import { queryOperation, readQueryTags } from '../../../aws/index.js';
import { arnBuilders } from '../../../engines/arn/index.js';
import { malformedMessages, type Policy } from '../../../engines/iam/index.js';
import { parseIamArn } from '../directory.js';
import { page, pageWire } from '../domain/page.js';
import { policyDocument } from '../domain/policy-document.js';
import { defaultMaxSessionDuration, type RoleRecord, role } from '../domain/role.js';
import { tags } from '../domain/tags.js';
import { uniqueId } from '../domain/unique-id.js';
import { iamErrors } from '../errors.js';
import { displayEntity, type IamRuntime } from '../iam-runtime.js';
import { constraints, sessionDuration } from '../input/constraints.js';
import { boundaryPolicy } from './holder-access.js';
import { readPaging } from './paging-input.js';

/**
 * Role lifecycle: CreateRole, GetRole, DeleteRole, ListRoles, UpdateRole, UpdateAssumeRolePolicy, and
 * ListInstanceProfilesForRole (which Terraform calls before it deletes a role).
 */
export function roleOperations(rt: IamRuntime): Record<string, OperationSpec> {
  const { store } = rt;

  async function loadRole(ctx: RequestContext, name: string): Promise<RoleRecord> {
    const record = store.getRole(ctx.accountId, name);
    await rt.authorize(ctx, {
      resource: record?.arn ?? arnBuilders.role(rt.partition, ctx.accountId, name),
      display: displayEntity('role', record?.name ?? name, record?.path),
      context: record ? tags.resourceContext(record.tags) : undefined,
    });
    if (!record) throw iamErrors.noSuchRole(name);
    return record;
  }

  /** A trust policy as IAM accepts it: grammar of kind `trust`, size, and principals that exist (same account). */
  function readTrust(ctx: RequestContext, document: string, name: string): void {
    const trust = policyDocument.parse(document, 'trust', name);
    role.checkTrustSize(document);
    checkPrincipalsExist(rt, ctx.accountId, trust);
  }

  return {
    CreateRole: queryOperation(
      (r) => ({
        name: r.string('RoleName', constraints.roleName),
        path: r.string('Path', constraints.path) ?? '/',
        trust: r.string('AssumeRolePolicyDocument', constraints.policyDocument),
        description: r.string('Description', constraints.description),
        maxSession: r.integer('MaxSessionDuration', sessionDuration) ?? defaultMaxSessionDuration,
        boundaryArn: r.string('PermissionsBoundary', { min: 20, max: 2048 }),
        tags: readQueryTags(r),
      }),
      async (ctx, { name, path, trust, description, maxSession, boundaryArn, ...input }) => {
        const roleTags = tags.unique(input.tags);
        const account = ctx.accountId;
        const arn = arnBuilders.role(rt.partition, account, name, path);
        await rt.authorize(ctx, {
          resource: arn,
          context: { ...tags.requestContext(roleTags), 'iam:PermissionsBoundary': boundaryArn },
        });
        readTrust(ctx, trust, name);
        if (boundaryArn !== undefined) boundaryPolicy(rt, ctx, boundaryArn);
        const record: RoleRecord = {
          name,
          path,
          arn,
          roleId: uniqueId(rt.deps.random, 'AROA'),
          createDate: rt.now().toISOString(),
          trustPolicy: trust,
          description,
          maxSessionDuration: maxSession,
          inlinePolicies: [],
          attachedPolicies: [],
          permissionsBoundary: boundaryArn,
          tags: [...roleTags],
        };
        store.transaction(() => {
          if (store.getRole(account, name)) throw iamErrors.roleExists(name);
          store.putRole(account, record);
          if (boundaryArn !== undefined) store.countUsage(account, boundaryArn, 0, 1);
        });
        return { Role: role.toWire(record) };
      },
    ),

    GetRole: queryOperation(readRoleName, async (ctx, name) => ({
      Role: role.toWire(await loadRole(ctx, name)),
    })),

    DeleteRole: queryOperation(readRoleName, async (ctx, name) => {
      await loadRole(ctx, name);
      // Checked again as stored now: the role may have changed while authorization was awaited.
      store.transaction(() => {
        const record = store.getRole(ctx.accountId, name);
        if (!record) throw iamErrors.noSuchRole(name);
        if (record.attachedPolicies.length > 0) throw iamErrors.mustDetachPolicies();
        if (record.inlinePolicies.length > 0) throw iamErrors.mustDeletePolicies();
        store.deleteRole(ctx.accountId, record.name);
        if (record.permissionsBoundary) store.countUsage(ctx.accountId, record.permissionsBoundary, 0, -1);
      });
      return undefined;
    }),

    ListRoles: queryOperation(
      (r) => ({ prefix: r.string('PathPrefix', constraints.pathPrefix) ?? '/', ...readPaging(r) }),
      async (ctx, { prefix, marker, max }) => {
        await rt.authorize(ctx, { resource: arnBuilders.role(rt.partition, ctx.accountId, '', prefix) });
        const roles = store.listRoles(ctx.accountId).filter((record) => record.path.startsWith(prefix));
        const result = page(roles, (record) => record.name.toLowerCase(), marker, max);
        return { Roles: result.items.map((record) => role.toWire(record, 'list')), ...pageWire(result) };
      },
    ),

    // berth has no instance profiles (no operation creates one), so a role that exists is in none; the paging
    // members are read as IAM reads them, and a Marker berth never handed out is refused as on every IAM list.
    ListInstanceProfilesForRole: queryOperation(
      (r) => ({ name: readRoleName(r), ...readPaging(r) }),
      async (ctx, { name, marker, max }) => {
        await loadRole(ctx, name);
        const result = page<never>([], () => '', marker, max);
        return { InstanceProfiles: result.items, ...pageWire(result) };
      },
    ),

    UpdateRole: queryOperation(
      (r) => ({
        name: r.string('RoleName', constraints.roleName),
        description: r.string('Description', constraints.description),
        maxSession: r.integer('MaxSessionDuration', sessionDuration),
      }),
      async (ctx, { name, description, maxSession }) => {
        await loadRole(ctx, name);
        store.transaction(() => {
          const record = store.getRole(ctx.accountId, name);
          if (!record) throw iamErrors.noSuchRole(name);
          store.putRole(ctx.accountId, {
            ...record,
            description: description ?? record.description,
            maxSessionDuration: maxSession ?? record.maxSessionDuration,
          });
        });
        return undefined;
      },
    ),

    UpdateAssumeRolePolicy: queryOperation(
      (r) => ({
        name: r.string('RoleName', constraints.roleName),
        document: r.string('PolicyDocument', constraints.policyDocument),
      }),
      async (ctx, { name, document }) => {
        readTrust(ctx, document, (await loadRole(ctx, name)).name);
        store.transaction(() => {
          const record = store.getRole(ctx.accountId, name);
          if (!record) throw iamErrors.noSuchRole(name);
          store.putRole(ctx.accountId, role.withTrustPolicy(record, document));
        });
        return undefined;
      },
    ),
  };
}

function readRoleName(r: QueryInputReader): string {
  return r.string('RoleName', constraints.roleName);
}

/**
 * IAM refuses a trust policy naming a user or role of the account that does not exist:
 * `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/missing"` (ref aws-iam-and-protocols §1.14). Principals of
 * other accounts cannot be checked here and are accepted.
 */
function checkPrincipalsExist(rt: IamRuntime, account: string, trust: Policy): void {
  for (const statement of trust.statements) {
    for (const value of statement.principal?.aws ?? []) {
      const user = parseIamArn(value, rt.partition, 'user');
      const roleArn = parseIamArn(value, rt.partition, 'role');
      const named = user ?? roleArn;
      if (!named || named.account !== account) continue;
      const record = user ? rt.store.getUser(account, named.name) : rt.store.getRole(account, named.name);
      if (record?.arn !== value)
        throw iamErrors.malformedPolicy(malformedMessages.invalidPrincipal('AWS', value));
    }
  }
}
