import { type QueryServiceDefinition, withOperations } from '../../aws/index.js';
import type { IamDirectory } from './directory.js';
import { iamEngineErrors } from './errors.js';
import { iamHandlers } from './handlers.js';
import { iamRouting } from './iam-routing.js';
import { IamRuntime, type IamServiceDeps } from './iam-runtime.js';

export interface IamService {
  /** Register with the gateway's ServiceRegistry. */
  readonly definition: QueryServiceDefinition;
  /**
   * Read access for the composition root: access keys for the CredentialLookup, identities for the
   * IdentityResolver, roles and managed policies for STS's RoleDirectory.
   */
  readonly directory: IamDirectory;
}

/** IAM (AWS Query, Version 2010-05-08, signing name `iam`), ref aws-iam-and-protocols §4.5. */
export function createIamService(deps: IamServiceDeps): IamService {
  const runtime = new IamRuntime(deps);
  return {
    definition: withOperations(iamRouting, iamHandlers(runtime), iamEngineErrors),
    directory: runtime.directory,
  };
}
