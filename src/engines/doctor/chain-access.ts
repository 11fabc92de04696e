import { Unknown } from '../cloudformation/index.js';
import {
  type Decision,
  type EvaluationRequest,
  evaluate,
  type Policy,
  principalContextKeys,
  RequestContext,
  type RequestPrincipal,
} from '../iam/index.js';
import type { ChainModel, KeyNode, Maybe, RoleNode, SecretNode } from './chain-model.js';
import { compilePolicies, compilePolicy } from './policies.js';

/** One IAM decision along the chain, with the request it answered (for AWS's AccessDenied text). */
export interface AccessCheck {
  readonly request: EvaluationRequest;
  readonly decision: Decision;
}

/** ECS names the execution role's session after the task; the task id is not known before it runs. */
const sessionName = 'TASK_ID';

function executionPrincipal(model: ChainModel, role: RoleNode): RequestPrincipal {
  const account = role.arn.split(':')[4] ?? model.account;
  return {
    type: 'assumed-role',
    arn: `arn:${model.partition}:sts::${account}:assumed-role/${role.name}/${sessionName}`,
    account,
    roleArn: role.arn,
  };
}

/**
 * The role's identity side: inline and managed policies and its boundary, compiled. An unknown policy makes the
 * whole side unknown unless what is known already allows (an unknown policy could only add a Deny, which no
 * template berth has seen relies on).
 */
function identitySide(role: RoleNode) {
  const identity = compilePolicies(role.policies, 'identity', role.location.pointer);
  const boundary = role.boundary
    ? compilePolicy(role.boundary, 'identity', role.location.pointer)
    : undefined;
  return { identity, boundary };
}

function decide(
  request: EvaluationRequest,
  role: RoleNode,
  resourcePolicy: Maybe<Policy> | undefined,
): Maybe<AccessCheck> {
  const { identity, boundary } = identitySide(role);
  if (resourcePolicy instanceof Unknown) return resourcePolicy;
  if (boundary instanceof Unknown) return boundary;
  const decision = evaluate(request, {
    identity: identity.known,
    ...(resourcePolicy ? { resource: resourcePolicy } : {}),
    ...(boundary ? { boundary } : {}),
  });
  if (decision.result !== 'Allow' && identity.unknown) return identity.unknown;
  return { request, decision };
}

/** ECS's GetSecretValue as the execution role (ref ecs-private-auth §1; secretsmanager:SecretId is what was asked). */
export function getSecretValueCheck(
  model: ChainModel,
  role: RoleNode,
  secret: SecretNode,
  resource: string,
): Maybe<AccessCheck> {
  const principal = executionPrincipal(model, role);
  const [, , , region, account] = secret.arn.split(':');
  const request: EvaluationRequest = {
    principal,
    action: 'secretsmanager:GetSecretValue',
    resource,
    resourceAccount: account,
    context: new RequestContext({
      ...principalContextKeys(principal),
      'aws:RequestedRegion': region,
      'aws:ResourceAccount': account,
      'aws:SecureTransport': 'true',
      'aws:ViaAWSService': 'false',
      'secretsmanager:SecretId': resource,
    }),
  };
  const policy =
    secret.resourcePolicy === undefined
      ? undefined
      : compilePolicy(
          { name: 'ResourcePolicy', document: secret.resourcePolicy },
          'resource',
          secret.location.pointer,
        );
  return decide(request, role, policy);
}

/**
 * Secrets Manager's kms:Decrypt with the execution role's own credentials (forward access, ref aws-iam-and-protocols
 * §1.12): kms:ViaService = secretsmanager.<region>.amazonaws.com and the secret's ARN in the encryption context; the
 * key policy is the resource policy, which must allow or delegate to IAM.
 */
export function decryptCheck(
  model: ChainModel,
  role: RoleNode,
  secret: SecretNode,
  key: KeyNode,
): Maybe<AccessCheck> {
  const principal = executionPrincipal(model, role);
  const region = secret.arn.split(':')[3];
  const request: EvaluationRequest = {
    principal,
    action: 'kms:Decrypt',
    resource: key.arn,
    context: new RequestContext({
      ...principalContextKeys(principal),
      'aws:RequestedRegion': region,
      'aws:ViaAWSService': 'true',
      'aws:CalledVia': ['secretsmanager.amazonaws.com'],
      'kms:CallerAccount': principal.account,
      'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
      'kms:EncryptionContext:SecretARN': secret.arn,
      'kms:EncryptionContextKeys': ['SecretARN', 'SecretVersionId'],
      'kms:KeySpec': 'SYMMETRIC_DEFAULT',
      'kms:KeyUsage': 'ENCRYPT_DECRYPT',
    }),
  };
  const policy = compilePolicy({ name: 'KeyPolicy', document: key.policy }, 'key', key.location.pointer);
  return decide(request, role, policy);
}

/** ecs-tasks.amazonaws.com calling sts:AssumeRole on the role: its trust policy decides (ref ecs-private-auth §2.2). */
export function assumeRoleCheck(model: ChainModel, role: RoleNode): Maybe<AccessCheck> {
  const principal: RequestPrincipal = { type: 'service', arn: 'ecs-tasks.amazonaws.com' };
  const request: EvaluationRequest = {
    principal,
    action: 'sts:AssumeRole',
    resource: role.arn,
    context: new RequestContext({
      ...principalContextKeys(principal),
      'aws:SourceAccount': model.account,
      'aws:SourceArn': `arn:${model.partition}:ecs:${model.region}:${model.account}:task/default/${sessionName}`,
      'aws:RequestedRegion': model.region,
      'aws:ResourceAccount': role.arn.split(':')[4],
    }),
  };
  const trust = compilePolicy(
    { name: 'AssumeRolePolicyDocument', document: role.trustPolicy },
    'trust',
    role.location.pointer,
  );
  if (trust instanceof Unknown) return trust;
  return { request, decision: evaluate(request, { resource: trust }) };
}
