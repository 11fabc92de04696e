import { type JsonServiceDefinition, type ServiceDeps, withOperations } from '../../aws/index.js';
import { ssmOperations } from './handlers.js';
import type { SsmKmsPort } from './kms-port.js';
import { ParameterAccess } from './parameter-access.js';
import { ParameterAdmin } from './parameter-admin.js';
import { ParameterLookup } from './parameter-lookup.js';
import { ParameterReader } from './parameter-reader.js';
import { ParameterWriter } from './parameter-writer.js';
import { SecureValues } from './secure-values.js';
import { ssmRouting } from './ssm-routing.js';
import { ParameterStore } from './store.js';

export interface SsmDeps extends ServiceDeps {
  /** KMS as the caller, for SecureString parameters: SSM never holds key material of its own. */
  readonly kms: SsmKmsPort;
}

export interface SsmService {
  readonly definition: JsonServiceDefinition;
}

/** SSM Parameter Store (routing in ssm-routing.ts). */
export function createSsmService(deps: SsmDeps): SsmService {
  const store = new ParameterStore(deps.persistence);
  const lookup = new ParameterLookup(store);
  const secure = new SecureValues(deps.kms, deps.random);
  const access = new ParameterAccess(store, deps.authorizer, deps.partition);
  const common = { store, secure, access };
  const reader = new ParameterReader({ ...common, lookup });
  const writer = new ParameterWriter({ ...common, clock: deps.clock, partition: deps.partition });
  const admin = new ParameterAdmin(store, lookup);
  return {
    definition: withOperations(
      ssmRouting,
      ssmOperations({ reader, writer, admin, access, partition: deps.partition }),
    ),
  };
}
