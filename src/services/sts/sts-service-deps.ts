import type { ServiceDeps } from '../../aws/index.js';
import type { RoleDirectory } from './role-directory.js';

/** What STS is made from; the composition root supplies every port, and IAM's directory as `roles`. */
export interface StsServiceDeps extends ServiceDeps {
  readonly roles: RoleDirectory;
}
