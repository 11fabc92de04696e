import type { QueryServiceDefinition } from '../../aws/index.js';
import type { IamDirectory } from './directory.js';
import { iamEngineErrors } from './errors.js';
import { iamHandlers } from './handlers.js';
import { IamRuntime, type IamServiceDeps } from './iam-runtime.js';

export const iamXmlNamespace = 'https://iam.amazonaws.com/doc/2010-05-08/';

export interface IamService {
  /** Register with the gateway's ServiceRegistry. */
  readonly definition: QueryServiceDefinition;
  /**
   * Read access for the composition root: access keys for the CredentialLookup, identities for the
   * IdentityResolver, roles and managed policies for STS's RoleDirectory.
   */
  readonly directory: IamDirectory;
}

/** IAM (AWS Query, Version 2010-05-08, signing name `iam`), reference §4.5. */
export function createIamService(deps: IamServiceDeps): IamService {
  const runtime = new IamRuntime(deps);
  return {
    definition: {
      name: 'iam',
      signingName: 'iam',
      actionPrefix: 'iam',
      protocol: 'aws-query',
      version: '2010-05-08',
      xmlNamespace: iamXmlNamespace,
      operations: iamHandlers(runtime),
      translateError: iamEngineErrors,
    },
    directory: runtime.directory,
  };
}
