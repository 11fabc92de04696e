import {
  type Decision,
  evaluate,
  type Policy,
  type PolicyKind,
  type PolicySet,
  parsePolicy,
  RequestContext,
  type RequestPrincipal,
} from '../engines/iam/index.js';

/** Principals and helpers shared by the IAM engine's tests: two accounts, a user, a role and its session. */
export const account = '111122223333';
export const otherAccount = '444455556666';

export const alice: RequestPrincipal = { type: 'user', arn: `arn:aws:iam::${account}:user/alice`, account };
export const root: RequestPrincipal = { type: 'root', arn: `arn:aws:iam::${account}:root`, account };
export const execSession: RequestPrincipal = {
  type: 'assumed-role',
  arn: `arn:aws:sts::${account}:assumed-role/exec/task-1`,
  account,
  roleArn: `arn:aws:iam::${account}:role/exec`,
};
export const outsider: RequestPrincipal = {
  type: 'user',
  arn: `arn:aws:iam::${otherAccount}:user/mallory`,
  account: otherAccount,
};
export const ecsTasks: RequestPrincipal = { type: 'service', arn: 'ecs-tasks.amazonaws.com' };

export const secretArn = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry-AbCdEf`;
export const keyArn = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const roleArn = `arn:aws:iam::${account}:role/exec`;

type Statement = Record<string, unknown>;

/** A 2012-10-17 policy of the given kind from its statements. */
export function policy(kind: PolicyKind, ...statements: Statement[]): Policy {
  return parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind });
}

export const allow = (
  action: string | string[],
  resource: string | string[] = '*',
  extra: Statement = {},
) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

export const deny = (
  action: string | string[],
  resource: string | string[] = '*',
  extra: Statement = {},
) => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});

export function decide(
  principal: RequestPrincipal,
  action: string,
  resource: string,
  policies: PolicySet,
  context: Record<string, string | string[]> = {},
): Decision['result'] {
  return evaluate({ principal, action, resource, context: new RequestContext(context) }, policies).result;
}
