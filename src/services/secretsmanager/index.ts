// Secrets Manager (AWS JSON 1.1, target prefix secretsmanager): secrets, versions and staging labels, tags,
// resource policies; values envelope-encrypted through a KmsPort as the caller.
export type { KmsEncryptionContext, KmsPort } from './kms-port.js';
export { secretsManagerRouting } from './secretsmanager-routing.js';
export {
  createSecretsManagerService,
  type SecretsManagerDeps,
  type SecretsManagerService,
} from './secretsmanager-service.js';
