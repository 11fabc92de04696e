import { awsManagedPolicies } from './aws-managed-policies.js';
import type { AwsManagedPolicy } from './aws-managed-policy.js';

const byArn = new Map(awsManagedPolicies.map((policy) => [policy.arn, policy]));

/**
 * The AWS managed policy with exactly this ARN (`arn:aws:iam::aws:policy/ReadOnlyAccess`), or undefined when berth
 * does not carry it. The match is exact, path included: `arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy`
 * (no `service-role/`) is not the execution role policy, as it is not in IAM either.
 */
export function findAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return byArn.get(arn);
}
