/**
 * CloudWatch Logs ARNs. Three forms, each where AWS uses it:
 * - `arn:…:log-group:NAME` — `logGroupArn` in DescribeLogGroups and the ARN TagResource takes;
 * - `arn:…:log-group:NAME:*` — `arn` in DescribeLogGroups (ref ecs-services-elb-logs §7.2), and what CloudFormation's
 *   `AWS::Logs::LogGroup` `Arn` gives, so what execution-role policies name (ref cloudformation-cdk §AWS::Logs::LogGroup);
 * - the IAM resource of a request: `…:log-group:NAME:log-stream:STREAM` for stream operations and
 *   `…:log-group:NAME:log-stream:` (empty stream) for group operations, `…:log-group::log-stream:` for
 *   DescribeLogGroups. [OBS] AccessDenied texts: "logs:CreateLogGroup on resource:
 *   arn:aws:logs:me-south-1:…:log-group:/ecs/…/customer-web:log-stream:" (an ECS service event, 2026), "logs:DescribeLogGroups
 *   on resource: arn:aws:logs:us-east-1:…:log-group::log-stream:" (many SDK logs), and the CreateLogStream text of
 *   ref ecs-services-elb-logs §7.4. So a policy on `log-group:NAME:*` grants every action on the group and its streams.
 */

export interface LogsScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

function base(scope: LogsScope): string {
  return `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:`;
}

export const logsArns = {
  /** `logGroupArn`: the group without a trailing `:*`. */
  group: (scope: LogsScope, group: string) => `${base(scope)}${group}`,
  /** DescribeLogGroups' `arn` member (with `:*`). */
  groupWildcard: (scope: LogsScope, group: string) => `${base(scope)}${group}:*`,
  /** The IAM resource of an operation on a stream, or on the group itself when `stream` is ''. */
  resource: (scope: LogsScope, group: string, stream = '') => `${base(scope)}${group}:log-stream:${stream}`,
  /** The IAM resource of an operation on no group (DescribeLogGroups). */
  anyGroup: (scope: LogsScope) => `${base(scope)}:log-stream:`,
};

/**
 * The group a `logGroupIdentifier` names: a name, or a group ARN with or without `:*` (the API accepts both, ref
 * ecs-services-elb-logs §7.2 lists both ARN forms). Undefined for an ARN that is not a log group's.
 */
export function groupNameOf(identifier: string): string | undefined {
  if (!identifier.startsWith('arn:')) return identifier;
  const parts = identifier.split(':');
  if (parts.length < 7 || parts[2] !== 'logs' || parts[5] !== 'log-group') return undefined;
  const name = parts[6];
  const rest = parts.slice(7);
  if (name === undefined || name === '' || !(rest.length === 0 || (rest.length === 1 && rest[0] === '*')))
    return undefined;
  return name;
}
