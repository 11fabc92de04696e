// IAM: roles, users, access keys, inline and managed policies, the policy simulator (ref aws-iam-and-protocols §4.5).

export {
  type AccessKeyEntry,
  IamDirectory,
  type IamIdentity,
  type RoleEntry,
} from './directory.js';
export { iamRouting } from './iam-routing.js';
export type { IamServiceDeps } from './iam-runtime.js';
export { createIamService, type IamService } from './iam-service.js';
export { iamCollections } from './store.js';
