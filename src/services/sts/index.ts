// STS: GetCallerIdentity, AssumeRole, and the internal service path for ECS (ref aws-iam-and-protocols §4.6).
export type { ServiceAssumeRoleRequest } from './assume-role-for-service.js';
export type { AssumableRole, RoleDirectory } from './role-directory.js';
export { RoleNotAssumableError, type RoleNotAssumableReason } from './role-not-assumable-error.js';
export type { IssuedCredentials, StsSession } from './sessions.js';
export { stsCollections } from './store.js';
export { stsRouting } from './sts-routing.js';
export { createStsService, type StsService } from './sts-service.js';
export type { StsServiceDeps } from './sts-service-deps.js';
