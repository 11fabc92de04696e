import type { Authorizer } from '../../aws/index.js';
import type { Clock, Persistence, Random, Sealer } from '../../ports/index.js';
import type { RoleDirectory } from './role-directory.js';

/** What STS is made from; the composition root supplies every port, and IAM's directory as `roles`. */
export interface StsServiceDeps {
  readonly persistence: Persistence;
  readonly sealer: Sealer;
  readonly clock: Clock;
  readonly random: Random;
  readonly authorizer: Authorizer;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly roles: RoleDirectory;
}
