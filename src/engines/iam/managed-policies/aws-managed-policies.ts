import { administratorAccess } from './administrator-access.js';
import { amazonEcsTaskExecutionRolePolicy } from './amazon-ecs-task-execution-role-policy.js';
import { awsCloudFormationReadOnlyAccess } from './aws-cloudformation-read-only-access.js';
import type { AwsManagedPolicy } from './aws-managed-policy.js';
import { readOnlyAccess } from './read-only-access.js';
import { secretsManagerReadWrite } from './secrets-manager-read-write.js';

/**
 * The AWS managed policies berth knows, as IAM's `aws` account publishes them. Frozen all the way down: every
 * account and every request shares these objects, so nothing may change them in place.
 */
export const awsManagedPolicies: readonly AwsManagedPolicy[] = deepFreeze([
  amazonEcsTaskExecutionRolePolicy,
  secretsManagerReadWrite,
  administratorAccess,
  readOnlyAccess,
  awsCloudFormationReadOnlyAccess,
]);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
