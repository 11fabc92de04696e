export { administratorAccess } from './administrator-access.js';
export { amazonEcsTaskExecutionRolePolicy } from './amazon-ecs-task-execution-role-policy.js';
export { awsManagedPolicies } from './aws-managed-policies.js';
export type {
  AwsManagedPolicy,
  ManagedPolicyDocument,
  ManagedPolicyStatement,
} from './aws-managed-policy.js';
export { findAwsManagedPolicy } from './find-aws-managed-policy.js';
export { readOnlyAccess } from './read-only-access.js';
export { secretsManagerReadWrite } from './secrets-manager-read-write.js';
