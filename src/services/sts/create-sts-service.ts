import type { QueryServiceDefinition } from '../../aws/index.js';
import { assumeRoleForService, type ServiceAssumeRoleRequest } from './assume-role-for-service.js';
import { stsEngineErrors } from './errors.js';
import { stsHandlers } from './handlers.js';
import { type IssuedCredentials, type StsSession, StsSessions } from './sessions.js';
import type { StsServiceDeps } from './sts-service-deps.js';

export const stsXmlNamespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface StsService {
  /** Register with the gateway's ServiceRegistry. */
  readonly definition: QueryServiceDefinition;
  /** The session of an `ASIA…` key id, for the CredentialLookup and IdentityResolver; undefined if unknown. */
  findSession(accessKeyId: string): StsSession | undefined;
  /** The internal service path (ECS assuming a task's execution role); throws RoleNotAssumableError. */
  assumeRoleForService(request: ServiceAssumeRoleRequest): Promise<IssuedCredentials>;
}

/** STS (AWS Query, Version 2011-06-15, signing name `sts`), reference §4.6. */
export function createStsService(deps: StsServiceDeps): StsService {
  const sessions = new StsSessions(deps);
  return {
    definition: {
      name: 'sts',
      signingName: 'sts',
      actionPrefix: 'sts',
      protocol: 'aws-query',
      version: '2011-06-15',
      xmlNamespace: stsXmlNamespace,
      operations: stsHandlers(deps, sessions),
      translateError: stsEngineErrors,
    },
    findSession: (accessKeyId) => sessions.findSession(accessKeyId),
    assumeRoleForService: assumeRoleForService(deps, sessions),
  };
}
