/**
 * Random request/policy combinations for the differential test against @cloud-copilot/iam-simulate
 * (differential.test.ts). Everything here is written from the AWS documentation summarised in
 * ../shared/reference/aws-iam-and-protocols.md §1; nothing is taken from iam-simulate's code or fixtures.
 *
 * A case is plain JSON (policy documents, caller, action, resource, request context) so that it can be printed as
 * a repro, shrunk, and fed to both engines. Only real actions, resource ARNs and condition keys with their real
 * types are generated, because iam-simulate validates them against the Service Authorization Reference.
 */
import {
  evaluate,
  type PolicyKind,
  parsePolicy,
  RequestContext,
  type RequestPrincipal,
} from '../../src/engines/iam/index.js';

// ---------------------------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32): the same seed gives the same cases on every machine.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** 1..max distinct items (fewer if the list is shorter). */
  some<T>(items: readonly T[], max: number): T[];
}

export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(items.length)] as T;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    some: (items, max) => {
      const pool = [...items];
      const count = 1 + int(Math.min(max, pool.length));
      const out: (typeof items)[number][] = [];
      for (let i = 0; i < count; i++) out.push(pool.splice(int(pool.length), 1)[0]!);
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The cast: two accounts, users, roles and their sessions, a service principal.

export const A = '111122223333';
export const B = '444455556666';

export type Statement = Record<string, unknown>;
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

export interface Caller {
  kind: 'user' | 'session' | 'service';
  /** The ARN iam-simulate gets as the request principal (the session ARN for role sessions). */
  arn: string;
  account?: string;
  /** For role sessions: the role's ARN (what aws:PrincipalArn holds). */
  roleArn?: string;
  /** Friendly name of the user, or the session name. */
  name: string;
  /** Unique id for aws:userid. */
  userid?: string;
}

const user = (account: string, name: string, id: string): Caller => ({
  kind: 'user',
  arn: `arn:aws:iam::${account}:user/${name}`,
  account,
  name,
  userid: id,
});
const session = (account: string, role: string, name: string, id: string): Caller => ({
  kind: 'session',
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
  account,
  roleArn: `arn:aws:iam::${account}:role/${role}`,
  name,
  userid: `${id}:${name}`,
});

export const cast = {
  alice: user(A, 'alice', 'AIDAEXAMPLEALICE0001'),
  carol: user(A, 'carol', 'AIDAEXAMPLECAROL0001'),
  bob: user(B, 'bob', 'AIDAEXAMPLEBOB000001'),
  exec: session(A, 'exec', 'task-1', 'AROAEXAMPLEEXEC00001'),
  deployer: session(B, 'deployer', 'ci', 'AROAEXAMPLEDEPLOY001'),
  ecsTasks: { kind: 'service', arn: 'ecs-tasks.amazonaws.com', name: 'ecs-tasks' } as Caller,
};

/** Principal ARNs that policies may name (some never make requests). */
const namedArns = [
  cast.alice.arn,
  cast.carol.arn,
  cast.bob.arn,
  cast.exec.roleArn!,
  cast.exec.arn,
  `arn:aws:sts::${A}:assumed-role/exec/task-2`,
  cast.deployer.roleArn!,
  cast.deployer.arn,
];

// ---------------------------------------------------------------------------------------------------------------
// A case.

export type Scenario = 'secret' | 'kms' | 'assume-role' | 'pass-role' | 'ecr' | 's3';

export interface DiffCase {
  id: number;
  scenario: Scenario;
  caller: Caller;
  /** The action as the request names it (canonical case). */
  action: string;
  resource: string;
  resourceAccount: string;
  context: Record<string, string | string[]>;
  identity: PolicyDocument[];
  resourcePolicy?: { kind: Exclude<PolicyKind, 'identity'>; doc: PolicyDocument };
  boundary?: PolicyDocument;
  session?: PolicyDocument;
}

export type BerthResult = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** The principal as berth's engine takes it. */
export function berthPrincipal(caller: Caller): RequestPrincipal {
  if (caller.kind === 'service') return { type: 'service', arn: caller.arn };
  if (caller.kind === 'user') return { type: 'user', arn: caller.arn, account: caller.account };
  return { type: 'assumed-role', arn: caller.arn, account: caller.account, roleArn: caller.roleArn };
}

/** Runs berth on a case: parse every document with its kind, then evaluate. Throws if berth rejects a document. */
export function berthDecide(c: DiffCase): BerthResult {
  const identity = c.identity.map((doc, i) => parsePolicy(doc, { kind: 'identity', name: `identity-${i}` }));
  const resource = c.resourcePolicy
    ? parsePolicy(c.resourcePolicy.doc, { kind: c.resourcePolicy.kind, name: 'resource' })
    : undefined;
  const boundary = c.boundary ? parsePolicy(c.boundary, { kind: 'identity', name: 'boundary' }) : undefined;
  const session = c.session ? [parsePolicy(c.session, { kind: 'identity', name: 'session' })] : undefined;
  return evaluate(
    {
      principal: berthPrincipal(c.caller),
      action: c.action,
      resource: c.resource,
      resourceAccount: c.resourceAccount,
      context: new RequestContext(c.context),
    },
    { identity, resource, boundary, session },
  ).result;
}

// ---------------------------------------------------------------------------------------------------------------
// Generation.

const secretNames = ['registry-AbCdEf', 'app/db-Xy12Zq', 'alice-Qw3rTy', 'ops-Zx9Cv8'];
const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const roleNames = ['exec', 'ecsTaskExecutionRole'];

interface ScenarioSpec {
  actions: string[];
  /** Action patterns for policies, most of them matching at least one action of the scenario. */
  actionPatterns: string[];
  resourceFor(account: string, rng: Rng): string;
  /** Resource patterns for policies about resources of `account`. */
  resourcePatterns(account: string, resource: string): string[];
  /** Kind of the resource's own policy, and how often one is attached. */
  resourcePolicy?: { kind: Exclude<PolicyKind, 'identity'>; probability: number };
}

const foreignPatterns = ['arn:aws:sqs:us-east-1:111122223333:queue-*', 'arn:aws:s3:::other-bucket/*'];

const scenarios: Record<Scenario, ScenarioSpec> = {
  secret: {
    actions: [
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:PutSecretValue',
    ],
    actionPatterns: [
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:PutSecretValue',
      'SecretsManager:getsecretvalue',
      'secretsmanager:GETSECRETVALUE',
      'secretsmanager:Get*',
      'secretsmanager:*',
      'secretsmanager:*Secret*',
      'secretsmanager:Describe?ecret',
      'secretsmanager:???SecretValue',
      'secretsmanager:List*',
      'secretsmanager:Delete*',
      '*',
      'kms:Decrypt',
    ],
    resourceFor: (account, rng) =>
      `arn:aws:secretsmanager:us-east-1:${account}:secret:${rng.pick(secretNames)}`,
    resourcePatterns: (account, resource) => [
      resource,
      `arn:aws:secretsmanager:us-east-1:${account}:secret:registry-??????`,
      `arn:aws:secretsmanager:us-east-1:${account}:secret:*`,
      `arn:aws:secretsmanager:*:*:secret:reg*`,
      `arn:aws:secretsmanager:us-east-?:${account}:secret:app/*`,
      `arn:aws:secretsmanager:us-east-1:${account}:secret:Registry-*`,
      `arn:aws:secretsmanager:us-east-1:${account}:*`,
      `arn:aws:secretsmanager:us-east-1:*:secret:*-??????`,
      `arn:aws:secretsmanager:us-east-1:${account}:secret:\${aws:username}-*`,
      `arn:aws:secretsmanager:us-east-1:${account}:secret:\${aws:PrincipalTag/team, 'registry'}-*`,
      `arn:aws:secretsmanager:us-east-1:${account}:secret:\${aws:PrincipalTag/team}-*`,
      // Case variations in the region segment: iam-simulate folds the case of these segments (ref aws-iam-and-protocols §2.1).
      `arn:aws:secretsmanager:US-EAST-1:${account}:secret:*`,
      '*',
    ],
    resourcePolicy: { kind: 'resource', probability: 0.65 },
  },
  kms: {
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
    actionPatterns: [
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:DescribeKey',
      'KMS:decrypt',
      'kms:*crypt',
      'kms:Describe*',
      'kms:GenerateDataKey*',
      'kms:*',
      'kms:ReEncrypt*',
      'kms:Create*',
      '*',
      'secretsmanager:GetSecretValue',
    ],
    resourceFor: (account) => `arn:aws:kms:us-east-1:${account}:key/${keyId}`,
    resourcePatterns: (account, resource) => [
      resource,
      `arn:aws:kms:us-east-1:${account}:key/*`,
      `arn:aws:kms:*:${account}:key/1234abcd-*`,
      `arn:aws:kms:us-east-1:${account}:alias/*`,
      `arn:aws:kms:*:*:key/????????-12ab-*`,
      `arn:aws:kms:us-east-1:${account}:key/\${aws:PrincipalTag/team, '1234abcd'}-*`,
      `arn:aws:kms:Us-East-1:${account}:key/*`,
      '*',
    ],
    resourcePolicy: { kind: 'key', probability: 1 },
  },
  'assume-role': {
    actions: ['sts:AssumeRole'],
    actionPatterns: [
      'sts:AssumeRole',
      'STS:assumerole',
      'sts:Assume*',
      'sts:*',
      'sts:AssumeRoleWith*',
      'sts:TagSession',
      '*',
    ],
    resourceFor: (account, rng) => `arn:aws:iam::${account}:role/${rng.pick(roleNames)}`,
    resourcePatterns: (account, resource) => [
      resource,
      `arn:aws:iam::${account}:role/*`,
      `arn:aws:iam::*:role/exec`,
      `arn:aws:iam::${account}:role/ecs*`,
      `arn:aws:iam::${account}:role/\${aws:PrincipalTag/team, 'exec'}`,
      '*',
    ],
    resourcePolicy: { kind: 'trust', probability: 1 },
  },
  'pass-role': {
    actions: ['iam:PassRole'],
    actionPatterns: ['iam:PassRole', 'IAM:passrole', 'iam:Pass*', 'iam:*', 'iam:Get*', '*'],
    resourceFor: (account, rng) => `arn:aws:iam::${account}:role/${rng.pick(roleNames)}`,
    resourcePatterns: (account, resource) => [
      resource,
      `arn:aws:iam::${account}:role/*`,
      `arn:aws:iam::*:role/ecs*`,
      `arn:aws:iam::${account}:role/e?ec`,
      `arn:aws:iam::${account}:user/*`,
      '*',
    ],
  },
  ecr: {
    actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    actionPatterns: [
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'ECR:batchgetimage',
      'ecr:BatchGet*',
      'ecr:Get*',
      'ecr:*',
      'ecr:Put*',
      '*',
    ],
    resourceFor: (account) => `arn:aws:ecr:us-east-1:${account}:repository/app`,
    resourcePatterns: (account, resource) => [
      resource,
      `arn:aws:ecr:us-east-1:${account}:repository/*`,
      `arn:aws:ecr:*:*:repository/ap?`,
      `arn:aws:ecr:us-east-1:${account}:repository/other`,
      '*',
    ],
    resourcePolicy: { kind: 'resource', probability: 0.6 },
  },
  s3: {
    actions: ['s3:GetObject'],
    actionPatterns: ['s3:GetObject', 's3:Get*', 's3:*Object', 'S3:getobject', 's3:PutObject', '*'],
    resourceFor: (_account, rng) =>
      `arn:aws:s3:::berth-bucket/${rng.pick(['config/app.json', 'logs/x.txt'])}`,
    resourcePatterns: (_account, resource) => [
      resource,
      'arn:aws:s3:::berth-bucket/*',
      'arn:aws:s3:::berth-bucket/config/*',
      'arn:aws:s3:::*/config/*',
      'arn:aws:s3:::berth-bucket/${aws:username}/*',
      '*',
    ],
    resourcePolicy: { kind: 'resource', probability: 0.6 },
  },
};

const scenarioWeights: [Scenario, number][] = [
  ['secret', 34],
  ['kms', 22],
  ['assume-role', 18],
  ['pass-role', 8],
  ['ecr', 9],
  ['s3', 9],
];

function weighted<T>(rng: Rng, items: [T, number][]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [item, w] of items) {
    roll -= w;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![0];
}

// Dates: the same instants written as ISO 8601 and as epoch seconds.
const isoTimes = ['2026-03-01T12:00:00Z', '2025-12-31T23:59:59Z', '2026-06-15T08:30:00Z'];
const epoch = (iso: string) => String(Date.parse(iso) / 1000);
const policyIsoTimes = [
  '2026-01-01T00:00:00Z',
  '2026-03-01T12:00:00Z',
  '2026-03-01T13:00:00+01:00',
  '2027-01-01',
  '2025-12-31T23:59:59Z',
];

type KeyType = 'String' | 'Arn' | 'Ip' | 'Date' | 'Epoch' | 'Numeric' | 'Bool' | 'Binary' | 'Multi';

interface KeySpec {
  key: string;
  type: KeyType;
  /** Values a policy may test this key against. */
  policyValues: string[];
}

/** Condition keys for a case, with the values policies test them against. Depends on who calls. */
function keySpecs(c: DiffCase): KeySpec[] {
  const callerAccount = c.caller.account ?? A;
  return [
    { key: 'aws:username', type: 'String', policyValues: ['alice', 'bob', 'Alice', 'al*', 'carol'] },
    {
      key: 'aws:PrincipalTag/team',
      type: 'String',
      policyValues: ['ops', 'dev', 'OPS', 'o*', '${aws:username}', "${aws:RequestTag/env, 'ops'}"],
    },
    { key: 'aws:PrincipalAccount', type: 'String', policyValues: [A, B, '1111*', '${aws:ResourceAccount}'] },
    { key: 'aws:ResourceAccount', type: 'String', policyValues: [A, B, '${aws:PrincipalAccount}'] },
    { key: 'aws:PrincipalType', type: 'String', policyValues: ['User', 'AssumedRole', 'user'] },
    { key: 'aws:SourceAccount', type: 'String', policyValues: [A, B, '${aws:PrincipalAccount}'] },
    {
      key: 'aws:RequestTag/env',
      type: 'String',
      policyValues: [
        'prod',
        'dev',
        'ops',
        'PROD',
        'p*',
        '${aws:PrincipalTag/team}',
        "${aws:PrincipalTag/team, 'dev'}",
      ],
    },
    {
      key: 'aws:ResourceTag/env',
      type: 'String',
      policyValues: ['prod', 'dev', 'ops', '${aws:PrincipalTag/team}', "${aws:PrincipalTag/team, 'prod'}"],
    },
    // The legacy service-specific alias is only ever in policies: the request context carries aws:ResourceTag.
    { key: 'secretsmanager:ResourceTag/env', type: 'String', policyValues: ['prod', 'dev'] },
    {
      key: 'aws:userid',
      type: 'String',
      policyValues: [cast.alice.userid!, 'AROA*:task-1', 'AROAEXAMPLEEXEC00001:*', '*:ci'],
    },
    {
      key: 'kms:ViaService',
      type: 'String',
      policyValues: [
        'secretsmanager.us-east-1.amazonaws.com',
        'secretsmanager.*.amazonaws.com',
        'ec2.us-east-1.amazonaws.com',
      ],
    },
    { key: 'kms:CallerAccount', type: 'String', policyValues: [A, B, '${aws:PrincipalAccount}'] },
    {
      key: 'iam:PassedToService',
      type: 'String',
      policyValues: ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com'],
    },
    { key: 'sts:ExternalId', type: 'String', policyValues: ['ext-123', 'ext-*', 'EXT-123'] },
    { key: 'aws:RequestTag/blob', type: 'Binary', policyValues: ['QmluYXJ5VmFsdWU=', 'T3RoZXI='] },
    {
      key: 'aws:PrincipalArn',
      type: 'Arn',
      policyValues: [
        cast.alice.arn,
        cast.exec.roleArn!,
        cast.deployer.roleArn!,
        `arn:aws:iam::${A}:role/*`,
        'arn:aws:iam::*:user/alice',
        'arn:aws:iam::${aws:PrincipalAccount}:role/exec',
        `arn:aws:iam::${callerAccount}:*`,
        'arn:aws:iam::*:role/dep?oyer',
      ],
    },
    {
      key: 'aws:SourceArn',
      type: 'Arn',
      policyValues: [
        `arn:aws:ecs:us-east-1:${A}:task/*`,
        `arn:aws:ecs:*:${A}:*`,
        `arn:aws:ecs:us-east-1:${B}:task/default/abc123`,
        'arn:aws:ecs:us-east-1:${aws:SourceAccount}:task/default/*',
      ],
    },
    {
      key: 'aws:SourceIp',
      type: 'Ip',
      policyValues: [
        '203.0.113.0/24',
        '10.0.0.0/8',
        '2001:db8::/32',
        '203.0.113.7',
        '198.51.100.0/25',
        '0.0.0.0/0',
      ],
    },
    { key: 'aws:CurrentTime', type: 'Date', policyValues: policyIsoTimes },
    { key: 'aws:TokenIssueTime', type: 'Date', policyValues: policyIsoTimes },
    { key: 'aws:EpochTime', type: 'Epoch', policyValues: policyIsoTimes.map((t) => epoch(t)) },
    {
      key: 'aws:MultiFactorAuthAge',
      type: 'Numeric',
      policyValues: ['60', '3600', '3600.0', '86400', '0.5'],
    },
    { key: 'aws:SecureTransport', type: 'Bool', policyValues: ['true', 'false'] },
    { key: 'aws:MultiFactorAuthPresent', type: 'Bool', policyValues: ['true', 'false'] },
    { key: 'aws:ViaAWSService', type: 'Bool', policyValues: ['true', 'false'] },
    { key: 'aws:TagKeys', type: 'Multi', policyValues: ['env', 'team', 'cost', 'e*', 'Team'] },
    {
      key: 'aws:CalledVia',
      type: 'Multi',
      policyValues: ['secretsmanager.amazonaws.com', 'cloudformation.amazonaws.com', '*.amazonaws.com'],
    },
    {
      key: 'kms:EncryptionContextKeys',
      type: 'Multi',
      policyValues: ['SecretARN', 'SecretVersionId', 'Other', 'Secret*'],
    },
  ];
}

/** The request context: principal keys that follow from the caller, and request keys drawn at random. */
function makeContext(rng: Rng, c: DiffCase): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = {};
  const { caller } = c;
  const maybe = (p: number, key: string, value: string | string[]) => {
    if (rng.chance(p)) ctx[key] = value;
  };
  if (caller.kind !== 'service') {
    maybe(0.8, 'aws:PrincipalArn', caller.kind === 'session' ? caller.roleArn! : caller.arn);
    maybe(0.8, 'aws:PrincipalAccount', caller.account!);
    maybe(0.5, 'aws:PrincipalType', caller.kind === 'session' ? 'AssumedRole' : 'User');
    maybe(0.5, 'aws:userid', caller.userid!);
    if (caller.kind === 'user') maybe(0.8, 'aws:username', caller.name);
    maybe(0.5, 'aws:PrincipalTag/team', rng.pick(['ops', 'dev']));
    if (caller.kind === 'session') maybe(0.5, 'aws:TokenIssueTime', rng.pick(isoTimes));
  }
  maybe(0.5, 'aws:SourceIp', rng.pick(['203.0.113.7', '10.1.2.3', '2001:db8::5', '198.51.100.1']));
  const now = rng.pick(isoTimes);
  maybe(0.5, 'aws:CurrentTime', now);
  maybe(0.3, 'aws:EpochTime', epoch(now));
  maybe(0.5, 'aws:SecureTransport', rng.pick(['true', 'false']));
  maybe(0.3, 'aws:MultiFactorAuthPresent', rng.pick(['true', 'false']));
  maybe(0.4, 'aws:MultiFactorAuthAge', rng.pick(['30', '3600', '86400']));
  maybe(0.3, 'aws:ViaAWSService', rng.pick(['true', 'false']));
  maybe(0.3, 'aws:ResourceAccount', c.resourceAccount);
  maybe(0.3, 'aws:SourceAccount', rng.pick([A, B]));
  maybe(0.3, 'aws:SourceArn', `arn:aws:ecs:us-east-1:${rng.pick([A, B])}:task/default/abc123`);
  maybe(0.4, 'aws:RequestTag/env', rng.pick(['prod', 'dev', 'ops']));
  maybe(0.4, 'aws:ResourceTag/env', rng.pick(['prod', 'dev', 'ops']));
  maybe(0.2, 'aws:RequestTag/blob', rng.pick(['QmluYXJ5VmFsdWU=', 'T3RoZXI=']));
  maybe(0.45, 'aws:TagKeys', rng.pick([['env', 'team'], ['env'], ['team', 'cost'], ['Team']]));
  maybe(0.2, 'aws:CalledVia', rng.pick([['secretsmanager.amazonaws.com'], ['cloudformation.amazonaws.com']]));
  if (c.scenario === 'kms') {
    maybe(
      0.5,
      'kms:ViaService',
      rng.pick(['secretsmanager.us-east-1.amazonaws.com', 'ssm.us-east-1.amazonaws.com']),
    );
    maybe(0.5, 'kms:CallerAccount', caller.account ?? A);
    maybe(0.4, 'kms:EncryptionContextKeys', rng.pick([['SecretARN', 'SecretVersionId'], ['Other']]));
  }
  if (c.scenario === 'pass-role') {
    maybe(0.6, 'iam:PassedToService', rng.pick(['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com']));
  }
  if (c.scenario === 'assume-role') maybe(0.4, 'sts:ExternalId', rng.pick(['ext-123', 'other']));
  return ctx;
}

const operatorsByType: Record<KeyType, string[]> = {
  String: [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
  ],
  Arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals'],
  Ip: ['IpAddress', 'NotIpAddress'],
  Date: [
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
  ],
  Epoch: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateGreaterThanEquals'],
  Numeric: [
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
  ],
  Bool: ['Bool'],
  Binary: ['BinaryEquals'],
  Multi: ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'StringEqualsIgnoreCase'],
};

/** Condition key names are case-insensitive (ref aws-iam-and-protocols §1.9): sometimes write them in another case. */
function keyCase(rng: Rng, key: string): string {
  if (!rng.chance(0.12)) return key;
  return rng.chance(0.5) ? key.toLowerCase() : key.replace(/^aws:/, 'AWS:').replace('/team', '/Team');
}

function makeCondition(rng: Rng, c: DiffCase): Record<string, Record<string, string | string[]>> {
  const condition: Record<string, Record<string, string | string[]>> = {};
  const specs = keySpecs(c);
  const operators = 1 + (rng.chance(0.3) ? 1 : 0);
  for (let i = 0; i < operators; i++) {
    const spec = rng.pick(specs);
    let operator: string;
    if (rng.chance(0.1)) {
      operator = 'Null';
    } else {
      operator = rng.pick(operatorsByType[spec.type]);
      if (spec.type === 'Multi' ? rng.chance(0.9) : rng.chance(0.05))
        operator = `${rng.pick(['ForAnyValue', 'ForAllValues'])}:${operator}`;
      if (rng.chance(0.2)) operator += 'IfExists';
    }
    const values = operator === 'Null' ? [rng.pick(['true', 'false'])] : rng.some(spec.policyValues, 3);
    const block = condition[operator] ?? {};
    block[keyCase(rng, spec.key)] = values.length === 1 && rng.chance(0.5) ? values[0]! : values;
    condition[operator] = block;
  }
  return condition;
}

function principalElement(rng: Rng, c: DiffCase): unknown {
  const roll = rng.next();
  if (roll < 0.08) return '*';
  if (roll < 0.14) return { AWS: '*' };
  if (roll < 0.22) return { Service: 'ecs-tasks.amazonaws.com' };
  const accounts = [A, `arn:aws:iam::${A}:root`, B, `arn:aws:iam::${B}:root`];
  // Bias towards naming the caller, its role, or its account, so that statements apply often enough.
  const own: string[] = [];
  if (c.caller.kind !== 'service') {
    own.push(c.caller.arn, c.caller.account!, `arn:aws:iam::${c.caller.account}:root`);
    if (c.caller.roleArn) own.push(c.caller.roleArn, c.caller.roleArn);
  }
  const pool = [...own, ...own, ...namedArns, ...accounts];
  const aws = rng.some(pool, 2);
  const element: Record<string, string | string[]> = {
    AWS: aws.length === 1 && rng.chance(0.5) ? aws[0]! : aws,
  };
  if (rng.chance(0.1)) element.Service = 'ecs-tasks.amazonaws.com';
  return element;
}

function makeStatement(
  rng: Rng,
  c: DiffCase,
  kind: PolicyKind,
  spec: ScenarioSpec,
  options: { effect?: 'Allow' | 'Deny'; relevant?: boolean; index?: number } = {},
): Statement {
  const statement: Statement = {};
  // Sids are unique within a document (IAM rejects duplicates, ref aws-iam-and-protocols §1.14).
  if (rng.chance(0.2)) statement.Sid = `S${options.index ?? 0}x${rng.int(1000)}`;
  statement.Effect = options.effect ?? (rng.chance(0.7) ? 'Allow' : 'Deny');

  if (kind !== 'identity') {
    const negate = kind === 'resource' && rng.chance(0.12);
    statement[negate ? 'NotPrincipal' : 'Principal'] = principalElement(rng, c);
  }

  // Action / NotAction, with wildcards and case variations (ref aws-iam-and-protocols §1.8).
  const relevant = options.relevant ?? rng.chance(0.8);
  const actionPatterns = relevant ? spec.actionPatterns : [...spec.actionPatterns, 'ec2:RunInstances'];
  const actions = rng.some(actionPatterns, 2);
  const negateAction = rng.chance(0.12);
  statement[negateAction ? 'NotAction' : 'Action'] =
    actions.length === 1 && rng.chance(0.5) ? actions[0]! : actions;

  // Resource / NotResource (trust policies have none; key policies say "*" or the key).
  if (kind === 'key') {
    statement.Resource = rng.chance(0.85)
      ? '*'
      : rng.pick(spec.resourcePatterns(c.resourceAccount, c.resource));
  } else if (kind !== 'trust') {
    const patterns = [...spec.resourcePatterns(c.resourceAccount, c.resource), ...foreignPatterns];
    const chosen = rng.some(rng.chance(0.3) ? ['*'] : patterns, 2);
    const negate = rng.chance(0.12);
    statement[negate ? 'NotResource' : 'Resource'] =
      chosen.length === 1 && rng.chance(0.5) ? chosen[0]! : chosen;
  }

  if (rng.chance(0.45)) statement.Condition = makeCondition(rng, c);
  return statement;
}

function makeDocument(
  rng: Rng,
  c: DiffCase,
  kind: PolicyKind,
  spec: ScenarioSpec,
  options: { maxStatements?: number; firstEffect?: 'Allow' } = {},
): PolicyDocument {
  const count = 1 + rng.int(options.maxStatements ?? 3);
  const statements: Statement[] = [];
  for (let i = 0; i < count; i++) {
    const effect = i === 0 ? options.firstEffect : undefined;
    statements.push(
      makeStatement(rng, c, kind, spec, { effect, relevant: i === 0 ? true : undefined, index: i }),
    );
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** One random case. The caller decides what to do with cases iam-simulate rejects (regenerate them). */
export function generateCase(rng: Rng, id: number): DiffCase {
  const scenario = weighted(rng, scenarioWeights);
  const spec = scenarios[scenario];
  const callers: [Caller, number][] = [
    [cast.alice, 30],
    [cast.exec, 30],
    [cast.bob, 12],
    [cast.deployer, 12],
  ];
  // A service principal calls only with a resource policy that can name it (trust policies, above all).
  if (scenario === 'assume-role') callers.push([cast.ecsTasks, 16]);
  else if (spec.resourcePolicy) callers.push([cast.ecsTasks, 3]);
  const caller = weighted(rng, callers);
  const resourceAccount = rng.chance(0.72) ? A : B;
  const c: DiffCase = {
    id,
    scenario,
    caller,
    action: rng.pick(spec.actions),
    resource: spec.resourceFor(resourceAccount, rng),
    resourceAccount,
    context: {},
    identity: [],
  };
  c.context = makeContext(rng, c);

  if (caller.kind !== 'service') {
    const policies = rng.chance(0.12) ? 0 : 1 + (rng.chance(0.3) ? 1 : 0);
    for (let i = 0; i < policies; i++)
      c.identity.push(makeDocument(rng, c, 'identity', spec, { firstEffect: i === 0 ? 'Allow' : undefined }));
    if (rng.chance(0.25)) c.boundary = makeDocument(rng, c, 'identity', spec, { maxStatements: 2 });
    if (caller.kind === 'session' && rng.chance(0.3))
      c.session = makeDocument(rng, c, 'identity', spec, { maxStatements: 2 });
  }
  const rp = spec.resourcePolicy;
  if (rp && (rng.chance(rp.probability) || caller.kind === 'service')) {
    c.resourcePolicy = { kind: rp.kind, doc: makeDocument(rng, c, rp.kind, spec) };
  }
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// Features a case exercises, for the coverage counts the test prints.

export function features(c: DiffCase): string[] {
  const out = new Set<string>([`scenario:${c.scenario}`, `caller:${c.caller.kind}`]);
  if (c.caller.account && c.caller.account !== c.resourceAccount) out.add('cross-account');
  else if (c.caller.account) out.add('same-account');
  if (c.resourcePolicy) out.add(`policy:${c.resourcePolicy.kind}`);
  if (c.boundary) out.add('policy:boundary');
  if (c.session) out.add('policy:session');
  const docs = [...c.identity, c.resourcePolicy?.doc, c.boundary, c.session].filter(
    (d): d is PolicyDocument => d !== undefined,
  );
  for (const doc of docs) {
    for (const s of doc.Statement) {
      if (s.NotAction) out.add('NotAction');
      if (s.NotResource) out.add('NotResource');
      if (s.NotPrincipal) out.add('NotPrincipal');
      if (s.Effect === 'Deny') out.add('Deny');
      const text = JSON.stringify(s);
      if (text.includes('${')) out.add('policy-variable');
      for (const op of Object.keys((s.Condition as Record<string, unknown>) ?? {})) {
        const family = /(String|Numeric|Date|Bool|Binary|IpAddress|Arn|Null)/.exec(op)?.[1] ?? op;
        out.add(`op:${family === 'IpAddress' ? 'Ip' : family}`);
        if (op.endsWith('IfExists')) out.add('IfExists');
        if (op.startsWith('ForAnyValue:')) out.add('ForAnyValue');
        if (op.startsWith('ForAllValues:')) out.add('ForAllValues');
      }
    }
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------------------------
// Shrinking: candidates that each remove one thing from a case.

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Every case one removal away from `c`: a policy, a statement, an element, a condition, a list item, a key. */
export function* shrinkCandidates(c: DiffCase): Generator<DiffCase> {
  // Key policies and trust policies stay: every KMS key and every role has one (ref aws-iam-and-protocols §1.3, §1.12).
  const removable = c.resourcePolicy?.kind === 'resource' ? (['resourcePolicy'] as const) : [];
  for (const field of ['boundary', 'session', ...removable] as const) {
    if (c[field] !== undefined) {
      const next = clone(c);
      delete next[field];
      yield next;
    }
  }
  if (c.identity.length > 0) {
    for (let i = 0; i < c.identity.length; i++) {
      const next = clone(c);
      next.identity.splice(i, 1);
      yield next;
    }
  }
  for (const key of Object.keys(c.context)) {
    const next = clone(c);
    delete next.context[key];
    yield next;
    const value = c.context[key];
    if (Array.isArray(value) && value.length > 0) {
      for (let i = 0; i < value.length; i++) {
        const shorter = clone(c);
        (shorter.context[key] as string[]).splice(i, 1);
        yield shorter;
      }
    }
  }
  // Inside the documents: generic removals; the validity check of both engines rejects what does not parse.
  const docs = (x: DiffCase): PolicyDocument[] =>
    [...x.identity, x.resourcePolicy?.doc, x.boundary, x.session].filter(
      (d): d is PolicyDocument => d !== undefined,
    );
  const count = docs(c).length;
  for (let d = 0; d < count; d++) {
    const doc = docs(c)[d]!;
    for (let s = 0; s < doc.Statement.length; s++) {
      if (doc.Statement.length > 1) {
        const next = clone(c);
        docs(next)[d]!.Statement.splice(s, 1);
        yield next;
      }
      yield* removalsIn(c, (x) => docs(x)[d]!.Statement[s]!);
    }
  }
}

/** Removals inside one statement: optional members, list items, condition operators and keys. */
function* removalsIn(c: DiffCase, locate: (x: DiffCase) => Statement): Generator<DiffCase> {
  const statement = locate(c);
  for (const member of ['Sid', 'Condition']) {
    if (statement[member] !== undefined) {
      const next = clone(c);
      delete locate(next)[member];
      yield next;
    }
  }
  for (const member of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    const value = statement[member];
    if (Array.isArray(value) && value.length > 1) {
      for (let i = 0; i < value.length; i++) {
        const next = clone(c);
        (locate(next)[member] as unknown[]).splice(i, 1);
        yield next;
      }
    }
  }
  for (const member of ['Principal', 'NotPrincipal']) {
    const element = statement[member];
    if (element && typeof element === 'object') {
      const entries = Object.entries(element as Record<string, unknown>);
      for (const [type, value] of entries) {
        if (entries.length > 1) {
          const next = clone(c);
          delete (locate(next)[member] as Record<string, unknown>)[type];
          yield next;
        }
        if (Array.isArray(value) && value.length > 1) {
          for (let i = 0; i < value.length; i++) {
            const next = clone(c);
            ((locate(next)[member] as Record<string, unknown[]>)[type] as unknown[]).splice(i, 1);
            yield next;
          }
        }
      }
    }
  }
  const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
  if (condition) {
    const operators = Object.keys(condition);
    for (const op of operators) {
      const keys = Object.keys(condition[op]!);
      if (operators.length > 1) {
        const next = clone(c);
        delete (locate(next).Condition as Record<string, unknown>)[op];
        yield next;
      }
      for (const key of keys) {
        if (keys.length > 1) {
          const next = clone(c);
          delete (locate(next).Condition as Record<string, Record<string, unknown>>)[op]![key];
          yield next;
        }
        const values = condition[op]![key];
        if (Array.isArray(values) && values.length > 1) {
          for (let i = 0; i < values.length; i++) {
            const next = clone(c);
            (
              (locate(next).Condition as Record<string, Record<string, unknown[]>>)[op]![key] as unknown[]
            ).splice(i, 1);
            yield next;
          }
        }
      }
    }
  }
}

/** A compact printable form of a case, for repros. */
export function describeCase(c: DiffCase): Record<string, unknown> {
  const out: Record<string, unknown> = {
    principal: c.caller.arn,
    ...(c.caller.roleArn ? { roleArn: c.caller.roleArn } : {}),
    action: c.action,
    resource: c.resource,
    resourceAccount: c.resourceAccount,
    context: c.context,
  };
  if (c.identity.length) out.identityPolicies = c.identity;
  if (c.resourcePolicy) out[`${c.resourcePolicy.kind}Policy`] = c.resourcePolicy.doc;
  if (c.boundary) out.permissionsBoundary = c.boundary;
  if (c.session) out.sessionPolicy = c.session;
  return out;
}
