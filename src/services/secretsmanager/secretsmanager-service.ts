import { type JsonServiceDefinition, type ServiceDeps, withOperations } from '../../aws/index.js';
import { Envelope } from './envelope.js';
import { secretsEngineErrors } from './errors.js';
import { secretsOperations } from './handlers.js';
import type { KmsPort } from './kms-port.js';
import { SecretAccess } from './secret-access.js';
import { SecretAdmin } from './secret-admin.js';
import { SecretReader } from './secret-reader.js';
import { SecretWriter } from './secret-writer.js';
import { secretsManagerRouting } from './secretsmanager-routing.js';
import { SecretStore } from './store.js';

export interface SecretsManagerDeps extends ServiceDeps {
  /** KMS as the caller (see KmsPort): Secrets Manager never holds key material of its own. */
  readonly kms: KmsPort;
}

export interface SecretsManagerService {
  readonly definition: JsonServiceDefinition;
}

/** Secrets Manager (routing in secretsmanager-routing.ts), ref aws-iam-and-protocols §4.3 and §1.12. */
export function createSecretsManagerService(deps: SecretsManagerDeps): SecretsManagerService {
  const store = new SecretStore(deps.persistence, () => deps.clock.now());
  const access = new SecretAccess(store, deps.authorizer, deps.partition);
  const envelope = new Envelope(deps.kms, deps.random);
  const common = { store, access, clock: deps.clock };
  const writer = new SecretWriter({ ...common, envelope, random: deps.random, partition: deps.partition });
  const reader = new SecretReader({ ...common, envelope });
  const admin = new SecretAdmin(common);
  return {
    definition: withOperations(
      secretsManagerRouting,
      secretsOperations({ writer, reader, admin }),
      secretsEngineErrors,
    ),
  };
}
