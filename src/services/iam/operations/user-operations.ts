import type { OperationSpec, QueryInputReader, RequestContext } from '../../../aws/index.js';
import { queryOperation, readQueryTags } from '../../../aws/index.js';
import { arnBuilders } from '../../../engines/arn/index.js';
import { type AccessKeyRecord, accessKey, maxAccessKeysPerUser } from '../domain/access-key.js';
import { page, pageWire } from '../domain/page.js';
import { tags } from '../domain/tags.js';
import { secretAccessKey, uniqueId } from '../domain/unique-id.js';
import { type UserRecord, user } from '../domain/user.js';
import { iamErrors } from '../errors.js';
import type { IamRuntime } from '../iam-runtime.js';
import { constraints } from '../input/constraints.js';
import { iamCollections } from '../store.js';
import { boundaryPolicy, loadHolder, userAccess } from './holder-access.js';
import { readPaging } from './paging-input.js';

/** Users and their access keys: Create/Get/Delete/ListUsers, Create/List/Update/DeleteAccessKey. */
export function userOperations(rt: IamRuntime): Record<string, OperationSpec> {
  const { store } = rt;
  const access = userAccess(rt);

  /** UserName, or the calling IAM user when it is left out (IAM's rule for GetUser and the access key calls). */
  function resolveUserName(ctx: RequestContext, name: string | undefined): string {
    const resolved = name ?? rt.callerUserName(ctx);
    if (resolved === undefined) throw iamErrors.nonUserCredentials();
    return resolved;
  }

  /** Authorizes on the user named (or the caller) and loads it. */
  function loadUser(ctx: RequestContext, name: string | undefined): Promise<UserRecord> {
    return loadHolder(rt, access, ctx, resolveUserName(ctx, name));
  }

  /** The key named by AccessKeyId, which must belong to the user (NoSuchEntity otherwise). */
  function ownKey(ctx: RequestContext, owner: UserRecord, accessKeyId: string): AccessKeyRecord {
    const record = store.getAccessKey(ctx.accountId, accessKeyId);
    if (!record || record.userName.toLowerCase() !== owner.name.toLowerCase())
      throw iamErrors.noSuchAccessKey(accessKeyId);
    return record;
  }

  return {
    CreateUser: queryOperation(
      (r) => ({
        name: r.string('UserName', constraints.userName),
        path: r.string('Path', constraints.path) ?? '/',
        boundaryArn: r.string('PermissionsBoundary', { min: 20, max: 2048 }),
        tags: readQueryTags(r),
      }),
      async (ctx, { name, path, boundaryArn, ...input }) => {
        const userTags = tags.unique(input.tags);
        const arn = arnBuilders.user(rt.partition, ctx.accountId, name, path);
        await rt.authorize(ctx, {
          resource: arn,
          context: { ...tags.requestContext(userTags), 'iam:PermissionsBoundary': boundaryArn },
        });
        if (boundaryArn !== undefined) boundaryPolicy(rt, ctx, boundaryArn);
        const record: UserRecord = {
          name,
          path,
          arn,
          userId: uniqueId(rt.deps.random, 'AIDA'),
          createDate: rt.now().toISOString(),
          inlinePolicies: [],
          attachedPolicies: [],
          permissionsBoundary: boundaryArn,
          tags: [...userTags],
        };
        store.transaction(() => {
          if (store.getUser(ctx.accountId, name)) throw iamErrors.userExists(name);
          store.putUser(ctx.accountId, record);
          if (boundaryArn !== undefined) store.countUsage(ctx.accountId, boundaryArn, 0, 1);
        });
        return { User: user.toWire(record) };
      },
    ),

    GetUser: queryOperation(readOptionalUserName, async (ctx, name) => ({
      User: user.toWire(await loadUser(ctx, name)),
    })),

    DeleteUser: queryOperation(
      (r) => r.string('UserName', constraints.existingUserName),
      async (ctx, name) => {
        await loadHolder(rt, access, ctx, name);
        // Checked as stored now: the user may have changed while authorization was awaited.
        store.transaction(() => {
          const record = store.getUser(ctx.accountId, name);
          if (!record) throw iamErrors.noSuchUser(name);
          if (record.attachedPolicies.length > 0) throw iamErrors.mustDetachPolicies();
          if (record.inlinePolicies.length > 0) throw iamErrors.mustDeletePolicies();
          if (store.listAccessKeys(ctx.accountId, record.name).length > 0)
            throw iamErrors.mustDeleteAccessKeys();
          store.deleteUser(ctx.accountId, record.name);
          if (record.permissionsBoundary) store.countUsage(ctx.accountId, record.permissionsBoundary, 0, -1);
        });
        return undefined;
      },
    ),

    ListUsers: queryOperation(
      (r) => ({ prefix: r.string('PathPrefix', constraints.pathPrefix) ?? '/', ...readPaging(r) }),
      async (ctx, { prefix, marker, max }) => {
        await rt.authorize(ctx, { resource: arnBuilders.user(rt.partition, ctx.accountId, '', prefix) });
        const users = store.listUsers(ctx.accountId).filter((record) => record.path.startsWith(prefix));
        const result = page(users, (record) => record.name.toLowerCase(), marker, max);
        return { Users: result.items.map((record) => user.toWire(record, 'list')), ...pageWire(result) };
      },
    ),

    CreateAccessKey: queryOperation(readOptionalUserName, async (ctx, name) => {
      const owner = await loadUser(ctx, name);
      const accessKeyId = uniqueId(rt.deps.random, 'AKIA');
      const secret = secretAccessKey(rt.deps.random);
      const label = `${iamCollections.accessKeys}/${ctx.accountId}/${accessKeyId}`;
      const record: AccessKeyRecord = {
        accessKeyId,
        userName: owner.name,
        status: 'Active',
        createDate: rt.now().toISOString(),
        sealedSecret: rt.deps.sealer.seal(Buffer.from(secret, 'utf8'), label),
      };
      store.transaction(() => {
        if (store.listAccessKeys(ctx.accountId, owner.name).length >= maxAccessKeysPerUser)
          throw iamErrors.tooManyAccessKeys();
        store.putAccessKey(ctx.accountId, record);
      });
      // The only time the secret leaves berth: IAM shows it once, in this response.
      return { AccessKey: { ...accessKey.toWire(record), SecretAccessKey: secret } };
    }),

    ListAccessKeys: queryOperation(
      (r) => ({ ...readPaging(r), name: readOptionalUserName(r) }),
      async (ctx, { marker, max, name }) => {
        const owner = await loadUser(ctx, name);
        const keys = store.listAccessKeys(ctx.accountId, owner.name);
        const result = page(keys, (record) => record.accessKeyId, marker, max);
        return { AccessKeyMetadata: result.items.map(accessKey.toWire), ...pageWire(result) };
      },
    ),

    UpdateAccessKey: queryOperation(
      (r) => ({
        accessKeyId: r.string('AccessKeyId', constraints.accessKeyId),
        status: r.choice('Status', ['Active', 'Inactive'] as const, { required: true }),
        name: readOptionalUserName(r),
      }),
      async (ctx, { accessKeyId, status, name }) => {
        const owner = await loadUser(ctx, name);
        store.transaction(() => {
          const record = ownKey(ctx, owner, accessKeyId);
          store.putAccessKey(ctx.accountId, { ...record, status });
        });
        return undefined;
      },
    ),

    DeleteAccessKey: queryOperation(
      (r) => ({
        accessKeyId: r.string('AccessKeyId', constraints.accessKeyId),
        name: readOptionalUserName(r),
      }),
      async (ctx, { accessKeyId, name }) => {
        const owner = await loadUser(ctx, name);
        store.transaction(() => {
          ownKey(ctx, owner, accessKeyId);
          store.deleteAccessKey(ctx.accountId, accessKeyId);
        });
        return undefined;
      },
    ),
  };
}

/** UserName where IAM lets it default to the calling user. */
function readOptionalUserName(r: QueryInputReader): string | undefined {
  return r.string('UserName', { ...constraints.existingUserName, required: false });
}
