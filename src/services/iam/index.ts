// IAM: roles, users, access keys, inline and managed policies, the policy simulator (reference §4.5).
export { createIamService, type IamService, iamXmlNamespace } from './create-iam-service.js';
export {
  type AccessKeyEntry,
  IamDirectory,
  type IamIdentity,
  type RoleEntry,
} from './directory.js';
export type { IamServiceDeps } from './iam-runtime.js';
export { iamCollections } from './store.js';
