import { type QueryServiceDefinition, withOperations } from '../../aws/index.js';
import { assumeRoleForService, type ServiceAssumeRoleRequest } from './assume-role-for-service.js';
import { stsEngineErrors } from './errors.js';
import { stsHandlers } from './handlers.js';
import { type IssuedCredentials, type StsSession, StsSessions } from './sessions.js';
import { stsRouting } from './sts-routing.js';
import type { StsServiceDeps } from './sts-service-deps.js';

export interface StsService {
  /** Register with the gateway's ServiceRegistry. */
  readonly definition: QueryServiceDefinition;
  /** The session of an `ASIA…` key id, for the CredentialLookup and IdentityResolver; undefined if unknown. */
  findSession(accessKeyId: string): StsSession | undefined;
  /** The internal service path (ECS assuming a task's execution role); throws RoleNotAssumableError. */
  assumeRoleForService(request: ServiceAssumeRoleRequest): Promise<IssuedCredentials>;
}

/** STS (AWS Query, Version 2011-06-15, signing name `sts`), ref aws-iam-and-protocols §4.6. */
export function createStsService(deps: StsServiceDeps): StsService {
  const sessions = new StsSessions(deps);
  return {
    definition: withOperations(stsRouting, stsHandlers(deps, sessions), stsEngineErrors),
    findSession: (accessKeyId) => sessions.findSession(accessKeyId),
    assumeRoleForService: assumeRoleForService(deps, sessions),
  };
}
