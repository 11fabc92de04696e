import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { PolicyKind, RequestPrincipal } from '../src/engines/iam/index.js';
import { amazonEcsTaskExecutionRolePolicy } from '../src/engines/iam/managed-policies/index.js';

/**
 * The benchmark's realistic mix: the decisions ECS private-registry authentication makes — execution-role
 * identity policies, secret resource policies with conditions, KMS key policies, a role trust policy — each given
 * once in a form both engines take.
 */
export interface MixCase {
  name: string;
  principal: RequestPrincipal;
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  identity: object[];
  resource_policy?: { kind: PolicyKind; document: object };
  expected: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
}

const account = '111122223333';
const secret = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry/ghcr-AbCdEf`;
const key = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const role = `arn:aws:iam::${account}:role/ecsTaskExecutionRole`;
const session: RequestPrincipal = {
  type: 'assumed-role',
  arn: `arn:aws:sts::${account}:assumed-role/ecsTaskExecutionRole/task-1`,
  account,
  roleArn: role,
};
const sessionContext = {
  'aws:PrincipalArn': role,
  'aws:PrincipalAccount': account,
  'aws:SourceIp': '10.0.3.7',
  'aws:SecureTransport': 'true',
};
const v = '2012-10-17';
const ecsManaged = amazonEcsTaskExecutionRolePolicy.document;
const inline = {
  Version: v,
  Statement: [
    { Sid: 'Secret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret },
    { Sid: 'Key', Effect: 'Allow', Action: 'kms:Decrypt', Resource: key },
    {
      Sid: 'DenyInsecure',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};
const secretPolicy = {
  Version: v,
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: role },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': account },
        IpAddress: { 'aws:SourceIp': '10.0.0.0/16' },
      },
    },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:*',
      Resource: '*',
      Condition: {
        ArnNotLike: {
          'aws:PrincipalArn': [`arn:aws:iam::${account}:role/ecs*`, `arn:aws:iam::${account}:root`],
        },
      },
    },
  ],
};
const keyPolicy = {
  Version: v,
  Id: 'key-default-1',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};
const trustPolicy = {
  Version: v,
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:aws:ecs:us-east-1:${account}:*` },
      },
    },
  ],
};

export const iamMix: MixCase[] = [
  {
    name: 'exec role reads its secret',
    principal: session,
    action: 'secretsmanager:GetSecretValue',
    resource: secret,
    context: sessionContext,
    identity: [ecsManaged, inline],
    expected: 'Allow',
  },
  {
    name: 'exec role reads another secret',
    principal: session,
    action: 'secretsmanager:GetSecretValue',
    resource: `${secret}x`,
    context: sessionContext,
    identity: [ecsManaged, inline],
    expected: 'ImplicitDeny',
  },
  {
    name: 'exec role pulls from ECR',
    principal: session,
    action: 'ecr:BatchGetImage',
    resource: `arn:aws:ecr:us-east-1:${account}:repository/app`,
    context: sessionContext,
    identity: [ecsManaged, inline],
    expected: 'Allow',
  },
  {
    name: 'secret resource policy grants the role',
    principal: session,
    action: 'secretsmanager:GetSecretValue',
    resource: secret,
    context: sessionContext,
    identity: [ecsManaged],
    resource_policy: { kind: 'resource', document: secretPolicy },
    expected: 'Allow',
  },
  {
    name: 'secret resource policy denies another role',
    principal: {
      ...session,
      arn: `arn:aws:sts::${account}:assumed-role/app/t`,
      roleArn: `arn:aws:iam::${account}:role/app`,
    },
    action: 'secretsmanager:GetSecretValue',
    resource: secret,
    context: { ...sessionContext, 'aws:PrincipalArn': `arn:aws:iam::${account}:role/app` },
    identity: [inline],
    resource_policy: { kind: 'resource', document: secretPolicy },
    expected: 'ExplicitDeny',
  },
  {
    name: 'key policy delegates, identity allows Decrypt',
    principal: session,
    action: 'kms:Decrypt',
    resource: key,
    context: { ...sessionContext, 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
    identity: [ecsManaged, inline],
    resource_policy: { kind: 'key', document: keyPolicy },
    expected: 'Allow',
  },
  {
    name: 'key policy delegates, no Decrypt',
    principal: session,
    action: 'kms:Decrypt',
    resource: key,
    context: sessionContext,
    identity: [ecsManaged],
    resource_policy: { kind: 'key', document: keyPolicy },
    expected: 'ImplicitDeny',
  },
  {
    name: 'ECS assumes the execution role',
    principal: { type: 'service', arn: 'ecs-tasks.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: role,
    context: {
      'aws:SourceAccount': account,
      'aws:SourceArn': `arn:aws:ecs:us-east-1:${account}:task/default/1`,
      'aws:PrincipalServiceName': 'ecs-tasks.amazonaws.com',
    },
    identity: [],
    resource_policy: { kind: 'trust', document: trustPolicy },
    expected: 'Allow',
  },
];

/** The same case as iam-simulate takes it. */
export function toSimulation(c: MixCase): Simulation {
  return {
    request: {
      principal: c.principal.arn,
      action: c.action,
      resource: { resource: c.resource, accountId: account },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map((policy, i) => ({ name: `p${i}`, policy })),
    resourcePolicy: c.resource_policy?.document,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}
