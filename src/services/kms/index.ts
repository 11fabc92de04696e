// KMS (AWS JSON 1.1, target prefix TrentService): keys, aliases, key policies and envelope-encryption primitives.
export type { EncryptionContext } from './domain/encryption-context.js';
export { kmsRouting } from './kms-routing.js';
export {
  createKmsService,
  type DataKey,
  type KmsAsCaller,
  type KmsDeps,
  type KmsService,
} from './kms-service.js';
