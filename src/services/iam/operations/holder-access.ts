import type { QueryStringRule, RequestContext } from '../../../aws/index.js';
import { ServiceError } from '../../../aws/index.js';
import { arnBuilders } from '../../../engines/arn/index.js';
import { policySizeLimits } from '../../../engines/iam/index.js';
import type { ManagedPolicyRecord } from '../domain/managed-policy.js';
import type { PolicyHolderRecord } from '../domain/policy-holder.js';
import type { RoleRecord } from '../domain/role.js';
import { tags } from '../domain/tags.js';
import type { UserRecord } from '../domain/user.js';
import { iamErrors } from '../errors.js';
import { displayEntity, type IamRuntime } from '../iam-runtime.js';
import { constraints } from '../input/constraints.js';

/**
 * Roles and users hold policies the same way; the operations on them (Put/Get/Delete/List…Policy, Attach/Detach,
 * permissions boundaries, tags) differ only in names, quotas and texts, gathered here per kind.
 */
export interface HolderAccess<R extends PolicyHolderRecord> {
  readonly kind: 'Role' | 'User';
  readonly entity: 'role' | 'user';
  readonly nameParam: 'RoleName' | 'UserName';
  readonly nameRule: QueryStringRule & { required: true };
  get(account: string, name: string): R | undefined;
  put(account: string, record: R): void;
  arnOf(account: string, name: string): string;
  notFound(name: string): Error;
  noSuchInline(name: string): Error;
  /** The aggregate size of all inline policies of one holder (IAM quotas: role 10,240, user 2,048). */
  readonly inlineLimit: number;
  inlineTooLarge(name: string): Error;
}

export function roleAccess(rt: IamRuntime): HolderAccess<RoleRecord> {
  return {
    kind: 'Role',
    entity: 'role',
    nameParam: 'RoleName',
    nameRule: constraints.roleName,
    get: (account, name) => rt.store.getRole(account, name),
    put: (account, record) => rt.store.putRole(account, record),
    arnOf: (account, name) => arnBuilders.role(rt.partition, account, name),
    notFound: iamErrors.noSuchRole,
    noSuchInline: iamErrors.noSuchRolePolicy,
    inlineLimit: policySizeLimits.inlineRolePolicies,
    inlineTooLarge: iamErrors.rolePoliciesTooLarge,
  };
}

export function userAccess(rt: IamRuntime): HolderAccess<UserRecord> {
  return {
    kind: 'User',
    entity: 'user',
    nameParam: 'UserName',
    nameRule: constraints.existingUserName,
    get: (account, name) => rt.store.getUser(account, name),
    put: (account, record) => rt.store.putUser(account, record),
    arnOf: (account, name) => arnBuilders.user(rt.partition, account, name),
    notFound: iamErrors.noSuchUser,
    noSuchInline: iamErrors.noSuchUserPolicy,
    inlineLimit: policySizeLimits.inlineUserPolicies,
    inlineTooLarge: iamErrors.userPoliciesTooLarge,
  };
}

/**
 * Authorizes the operation on the holder (by its ARN, path included, with its tags as `aws:ResourceTag/…`), then
 * loads it; a holder that does not exist is NoSuchEntity only for callers allowed to ask.
 */
export async function loadHolder<R extends PolicyHolderRecord>(
  rt: IamRuntime,
  access: HolderAccess<R>,
  ctx: RequestContext,
  name: string,
  context: Record<string, string | string[] | undefined> = {},
): Promise<R> {
  const record = access.get(ctx.accountId, name);
  await rt.authorize(ctx, {
    resource: record?.arn ?? access.arnOf(ctx.accountId, name),
    display: displayEntity(access.entity, record?.name ?? name, record?.path),
    context: { ...(record ? tags.resourceContext(record.tags) : {}), ...context },
  });
  if (!record) throw access.notFound(name);
  return record;
}

/**
 * A managed policy that may be attached in the caller's account: an AWS managed one from the catalogue or one of
 * the account's own. Anything else is NoSuchEntity "Policy ARN does not exist or is not attachable."
 */
export function attachablePolicy(rt: IamRuntime, ctx: RequestContext, arn: string): ManagedPolicyRecord {
  const record = rt.directory.managedPolicy(arn);
  if (!record || !ownedOrAws(record, ctx.accountId, rt.partition)) throw iamErrors.notAttachable(arn);
  return record;
}

/** A policy to be used as a permissions boundary; IAM names a missing one "Scope ARN: … does not exist …". */
export function boundaryPolicy(rt: IamRuntime, ctx: RequestContext, arn: string): ManagedPolicyRecord {
  const record = rt.directory.managedPolicy(arn);
  if (!record || !ownedOrAws(record, ctx.accountId, rt.partition)) {
    throw new ServiceError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`, {
      status: 404,
    });
  }
  return record;
}

function ownedOrAws(record: ManagedPolicyRecord, account: string, partition: string): boolean {
  return record.awsManaged === true || record.arn.startsWith(`arn:${partition}:iam::${account}:`);
}
