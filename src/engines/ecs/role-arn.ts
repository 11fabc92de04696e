/**
 * `taskRoleArn` / `executionRoleArn` as RegisterTaskDefinition and RunTask's overrides take them: a role ARN, or a
 * bare role name that "ECS will fill in the account ID server-side when the task definition is registered" (reference
 * §2.1, maintainer comment in aws-actions/amazon-ecs-render-task-definition#19). Anything else, an empty string
 * included, is ECS's "Role is not valid" (ref ecs-private-auth §2.1; fabfuel/ecs-deploy#231 for the empty string).
 */
import { tryParseArn } from '../arn/index.js';

/** IAM's role-name alphabet, 1–64 characters. */
const roleName = /^[\w+=,.@-]{1,64}$/;
/** A role path: `/` or `/a/b/`, IAM's path alphabet. */
const rolePath = /^\/(?:[\u0021-\u007e]*\/)?$/;
const account = /^\d{12}$/;

/**
 * The role's ARN — the given ARN, or `arn:<partition>:iam::<account>:role/<name>` for a bare name (a name carries no
 * path, so a role with one must be given by ARN) — or undefined when the value is not a role.
 */
export function resolveRoleArn(value: string, partition: string, accountId: string): string | undefined {
  if (!value.startsWith('arn:')) {
    return roleName.test(value) ? `arn:${partition}:iam::${accountId}:role/${value}` : undefined;
  }
  const arn = tryParseArn(value);
  if (arn?.service !== 'iam' || arn.region !== '' || !account.test(arn.account)) return undefined;
  if (!arn.resource.startsWith('role/')) return undefined;
  const rest = arn.resource.slice('role'.length);
  const slash = rest.lastIndexOf('/');
  const path = rest.slice(0, slash + 1);
  const name = rest.slice(slash + 1);
  return rolePath.test(path) && roleName.test(name) && path.length <= 512 ? value : undefined;
}
