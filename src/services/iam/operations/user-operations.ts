import type { OperationSpec, RequestContext } from '../../../aws/index.js';
import { QueryInputReader } from '../../../aws/index.js';
import { arnBuilders } from '../../../engines/arn/index.js';
import { type AccessKeyRecord, accessKey, maxAccessKeysPerUser } from '../domain/access-key.js';
import { constraints, maxItems } from '../domain/constraints.js';
import { page, pageWire } from '../domain/page.js';
import { tags } from '../domain/tags.js';
import { secretAccessKey, uniqueId } from '../domain/unique-id.js';
import { type UserRecord, user } from '../domain/user.js';
import { iamErrors } from '../errors.js';
import type { IamRuntime } from '../iam-runtime.js';
import { iamCollections } from '../store.js';
import { boundaryPolicy, loadHolder, userAccess } from './holder-access.js';
import { handler } from './role-operations.js';

/** Users and their access keys: Create/Get/Delete/ListUsers, Create/List/Update/DeleteAccessKey. */
export function userOperations(rt: IamRuntime): Record<string, OperationSpec> {
  const { store } = rt;
  const access = userAccess(rt);

  /** UserName, or the calling IAM user when it is left out (IAM's rule for GetUser and the access key calls). */
  function readUserName(ctx: RequestContext, reader: QueryInputReader): string {
    const name = reader.string('UserName', { ...constraints.existingUserName, required: false });
    reader.done();
    const resolved = name ?? rt.callerUserName(ctx);
    if (resolved === undefined) throw iamErrors.nonUserCredentials();
    return resolved;
  }

  /** The key named by AccessKeyId, which must belong to the user (NoSuchEntity otherwise). */
  function ownKey(ctx: RequestContext, owner: UserRecord, accessKeyId: string): AccessKeyRecord {
    const record = store.getAccessKey(ctx.accountId, accessKeyId);
    if (!record || record.userName.toLowerCase() !== owner.name.toLowerCase())
      throw iamErrors.noSuchAccessKey(accessKeyId);
    return record;
  }

  return {
    CreateUser: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const name = reader.string('UserName', constraints.userName);
      const path = reader.string('Path', constraints.path) ?? '/';
      const boundaryArn = reader.string('PermissionsBoundary', { min: 20, max: 2048 });
      const userTags = tags.read(reader) ?? [];
      reader.done();
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
        tags: userTags,
      };
      store.transaction(() => {
        if (store.getUser(ctx.accountId, name)) throw iamErrors.userExists(name);
        store.putUser(ctx.accountId, record);
        if (boundaryArn !== undefined) store.countUsage(ctx.accountId, boundaryArn, 0, 1);
      });
      return { User: user.toWire(record) };
    }),

    GetUser: handler(async (ctx, input) => {
      const name = readUserName(ctx, new QueryInputReader(input));
      return { User: user.toWire(await loadHolder(rt, access, ctx, name)) };
    }),

    DeleteUser: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const name = reader.string('UserName', constraints.existingUserName);
      reader.done();
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
    }),

    ListUsers: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const prefix = reader.string('PathPrefix', constraints.pathPrefix) ?? '/';
      const marker = reader.string('Marker', constraints.marker);
      const max = reader.integer('MaxItems', maxItems);
      reader.done();
      await rt.authorize(ctx, { resource: arnBuilders.user(rt.partition, ctx.accountId, '', prefix) });
      const users = store.listUsers(ctx.accountId).filter((record) => record.path.startsWith(prefix));
      const result = page(users, (record) => record.name.toLowerCase(), marker, max);
      return { Users: result.items.map((record) => user.toWire(record, 'list')), ...pageWire(result) };
    }),

    CreateAccessKey: handler(async (ctx, input) => {
      const owner = await loadHolder(rt, access, ctx, readUserName(ctx, new QueryInputReader(input)));
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

    ListAccessKeys: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const marker = reader.string('Marker', constraints.marker);
      const max = reader.integer('MaxItems', maxItems);
      const owner = await loadHolder(rt, access, ctx, readUserName(ctx, reader));
      const keys = store.listAccessKeys(ctx.accountId, owner.name);
      const result = page(keys, (record) => record.accessKeyId, marker, max);
      return { AccessKeyMetadata: result.items.map(accessKey.toWire), ...pageWire(result) };
    }),

    UpdateAccessKey: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const accessKeyId = reader.string('AccessKeyId', constraints.accessKeyId);
      const status = reader.choice('Status', ['Active', 'Inactive'] as const);
      if (status === undefined && input['Status'] === undefined) reader.string('Status', { required: true });
      const owner = await loadHolder(rt, access, ctx, readUserName(ctx, reader));
      store.transaction(() => {
        const record = ownKey(ctx, owner, accessKeyId);
        store.putAccessKey(ctx.accountId, { ...record, status: status ?? record.status });
      });
      return undefined;
    }),

    DeleteAccessKey: handler(async (ctx, input) => {
      const reader = new QueryInputReader(input);
      const accessKeyId = reader.string('AccessKeyId', constraints.accessKeyId);
      const owner = await loadHolder(rt, access, ctx, readUserName(ctx, reader));
      store.transaction(() => {
        ownKey(ctx, owner, accessKeyId);
        store.deleteAccessKey(ctx.accountId, accessKeyId);
      });
      return undefined;
    }),
  };
}
