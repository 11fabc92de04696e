import type { OperationSpec, QueryInputReader, RequestContext } from '../../../aws/index.js';
import { queryOperation } from '../../../aws/index.js';
import { arnBuilders } from '../../../engines/arn/index.js';
import {
  RequestContext as ConditionContext,
  type ContextValue,
  type PolicyKind,
  principalFromArn,
  type RequestPrincipal,
} from '../../../engines/iam/index.js';
import { parseIamArn } from '../directory.js';
import { managedPolicy } from '../domain/managed-policy.js';
import { page, pageWire } from '../domain/page.js';
import { policyDocument } from '../domain/policy-document.js';
import type { PolicyHolderRecord } from '../domain/policy-holder.js';
import { type SimulationSource, simulate } from '../domain/simulation.js';
import { iamErrors } from '../errors.js';
import type { IamRuntime } from '../iam-runtime.js';
import { constraints, maxItems } from '../input/constraints.js';

const contextTypes = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
  'date',
  'dateList',
] as const;

/** SimulatePrincipalPolicy and SimulateCustomPolicy: IAM's policy simulator on berth's engine. */
export function simulateOperations(rt: IamRuntime): Record<string, OperationSpec> {
  /** The inputs both operations share; `policies` are the PolicyInputList documents. */
  function readCommon(reader: QueryInputReader, policiesRequired: boolean) {
    return {
      actions: reader.strings('ActionNames', { required: true, min: 3, max: 128 }),
      resources: reader.strings('ResourceArns', { min: 1, max: 2048 }),
      policies:
        reader.strings('PolicyInputList', { ...constraints.policyDocument, required: policiesRequired }) ??
        [],
      boundaries:
        reader.strings('PermissionsBoundaryPolicyInputList', {
          ...constraints.policyDocument,
          required: false,
        }) ?? [],
      resourcePolicy: reader.string('ResourcePolicy', { ...constraints.policyDocument, required: false }),
      resourceOwner: reader.string('ResourceOwner', { min: 1, max: 2048 }),
      callerArn: reader.string('CallerArn', { min: 1, max: 2048 }),
      context: readContext(reader),
      marker: reader.string('Marker', constraints.marker),
      max: reader.integer('MaxItems', maxItems),
    };
  }

  function respond(
    common: ReturnType<typeof readCommon>,
    principal: RequestPrincipal,
    identity: SimulationSource[],
    boundary: SimulationSource | undefined,
  ) {
    const inputs = common.policies.map((text, i) =>
      source(text, 'identity', `PolicyInputList.${i + 1}`, 'none'),
    );
    const boundaryInput = common.boundaries[0];
    const results = simulate({
      principal,
      identity: [...identity, ...inputs],
      boundary:
        boundaryInput === undefined
          ? boundary
          : source(boundaryInput, 'identity', 'PermissionsBoundaryPolicyInputList.1', 'none'),
      resourcePolicy:
        common.resourcePolicy === undefined
          ? undefined
          : source(common.resourcePolicy, 'resource', 'ResourcePolicy', 'resource'),
      actions: common.actions,
      resources: common.resources?.length ? common.resources : ['*'],
      resourceOwner: common.resourceOwner,
      context: conditionContext(common.context),
    });
    // Results have no natural key: the marker is the position, zero-padded so that keys sort as numbers.
    const paged = page(
      results.map((r, i) => ({ r, key: String(i).padStart(8, '0') })),
      (x) => x.key,
      common.marker,
      common.max,
    );
    return { EvaluationResults: paged.items.map((x) => x.r), ...pageWire(paged) };
  }

  return {
    SimulatePrincipalPolicy: queryOperation(
      (r) => ({ sourceArn: r.string('PolicySourceArn', constraints.arn), common: readCommon(r, false) }),
      async (ctx, { sourceArn, common }) => {
        await rt.authorize(ctx, { resource: sourceArn });
        const holder = findHolder(rt, ctx, sourceArn);
        const principal: RequestPrincipal =
          holder.kind === 'role'
            ? {
                type: 'assumed-role',
                arn: holder.record.arn,
                account: holder.account,
                roleArn: holder.record.arn,
              }
            : { type: 'user', arn: holder.record.arn, account: holder.account };
        const caller = common.callerArn === undefined ? principal : principalOf(common.callerArn);
        return respond(common, caller, holderSources(rt, holder), boundarySource(rt, holder.record));
      },
    ),

    SimulateCustomPolicy: queryOperation(
      (r) => readCommon(r, true),
      async (ctx, common) => {
        await rt.authorize(ctx, { resource: '*' });
        // The simulated caller is an IAM user (CallerArn, or an anonymous user of the account): never the real caller,
        // who may be root and would be allowed everything whatever the policies say.
        const caller = common.callerArn ?? arnBuilders.user(rt.partition, ctx.accountId, 'simulated-caller');
        return respond(common, principalOf(caller), [], undefined);
      },
    ),
  };
}

function source(text: string, kind: PolicyKind, sourceId: string, sourceType: string): SimulationSource {
  return { policy: policyDocument.parse(text, kind, sourceId), text, sourceId, sourceType };
}

/** CallerArn must name an IAM user (IAM API reference, SimulatePrincipalPolicy/SimulateCustomPolicy). */
function principalOf(arn: string): RequestPrincipal {
  const principal = principalFromArn(arn);
  if (principal?.type !== 'user')
    throw iamErrors.invalidInput(`Invalid CallerArn: ${arn} is not an IAM user ARN.`);
  return principal;
}

function findHolder(rt: IamRuntime, ctx: RequestContext, arn: string) {
  const role = parseIamArn(arn, rt.partition, 'role');
  const user = parseIamArn(arn, rt.partition, 'user');
  const named = role ?? user;
  if (!named) throw iamErrors.invalidInput(`Invalid ARN: ${arn}`);
  const record = role
    ? rt.store.getRole(named.account, named.name)
    : rt.store.getUser(named.account, named.name);
  if (record?.arn !== arn || named.account !== ctx.accountId)
    throw role ? iamErrors.noSuchRole(named.name) : iamErrors.noSuchUser(named.name);
  return { kind: role ? ('role' as const) : ('user' as const), account: named.account, record };
}

/** The holder's inline policies (source type user/role) and attached ones (aws-managed/user-managed). */
function holderSources(rt: IamRuntime, holder: ReturnType<typeof findHolder>): SimulationSource[] {
  const inline = holder.record.inlinePolicies.map((p) => source(p.document, 'identity', p.name, holder.kind));
  const attached = holder.record.attachedPolicies.flatMap((arn) => {
    const record = rt.directory.managedPolicy(arn);
    if (!record) return [];
    const text = managedPolicy.defaultVersion(record).document;
    return [source(text, 'identity', arn, record.awsManaged ? 'aws-managed' : 'user-managed')];
  });
  return [...inline, ...attached];
}

function boundarySource(rt: IamRuntime, record: PolicyHolderRecord): SimulationSource | undefined {
  const boundary = record.permissionsBoundary && rt.directory.managedPolicy(record.permissionsBoundary);
  if (!boundary) return undefined;
  const text = managedPolicy.defaultVersion(boundary).document;
  return source(text, 'identity', boundary.arn, boundary.awsManaged ? 'aws-managed' : 'user-managed');
}

interface ContextEntry {
  readonly key: string;
  readonly values: readonly string[];
  readonly type: (typeof contextTypes)[number];
}

/** ContextEntries as given: each key with its values and type. */
function readContext(reader: QueryInputReader): ContextEntry[] {
  return (reader.list('ContextEntries') ?? []).map((item) => {
    const entry = reader.nested(item, 'ContextEntries');
    return {
      key: entry.string('ContextKeyName', { required: true, min: 5, max: 256 }),
      values: entry.strings('ContextKeyValues') ?? [],
      type: entry.choice('ContextKeyType', contextTypes) ?? 'string',
    };
  });
}

/** Context entries as condition keys: list types give multivalued keys, the others their first value. */
function conditionContext(entries: readonly ContextEntry[]): ConditionContext {
  const values: [string, ContextValue][] = entries.map(({ key, values, type }) => [
    key,
    type.endsWith('List') ? [...values] : (values[0] ?? ''),
  ]);
  return new ConditionContext(Object.fromEntries(values));
}
