/**
 * Load balancer and target group names (ref ecs-services-elb-logs §4.2): at most 32 characters, alphanumerics and
 * hyphens, not beginning or ending with a hyphen; a load balancer's must not begin with `internal-`. The texts are
 * the ValidationError messages AWS prints for each rule [INF: quoted in Terraform and CloudFormation reports].
 */
import { elbv2Errors } from './errors.js';

export function checkName(kind: 'Load balancer' | 'Target group', name: string): void {
  const problem = nameProblem(kind, name);
  if (problem) throw elbv2Errors.validation(problem);
}

function nameProblem(kind: 'Load balancer' | 'Target group', name: string): string | undefined {
  if (name.length > 32) return `${kind} name '${name}' cannot be longer than '32' characters`;
  if (!/^[A-Za-z0-9-]+$/.test(name))
    return `${kind} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`;
  if (name.startsWith('-') || name.endsWith('-'))
    return `${kind} name '${name}' cannot begin or end with '-' character`;
  if (kind === 'Load balancer' && name.startsWith('internal-'))
    return `Load balancer name '${name}' cannot begin with 'internal-'`;
  return undefined;
}
