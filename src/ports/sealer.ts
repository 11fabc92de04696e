import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BerthError } from '../errors/index.js';

/**
 * Encryption at rest for key material in the state dir (KMS key material, secret access keys, session tokens):
 * AES-256-GCM under the master key, with a label bound as additional data so that a sealed value cannot be moved
 * to another record. The master key comes from the state dir's key file (adapters), or is random in tests.
 */
export interface Sealer {
  /** Seals `plaintext` for the record named by `label`; returns text safe to store. */
  seal(plaintext: Uint8Array, label: string): string;
  /** Opens what `seal` made for the same label; throws BERTH_SEAL_BROKEN if it was altered or moved. */
  open(sealed: string, label: string): Buffer;
}

const version = 'v1';

export function createAesSealer(masterKey: Uint8Array): Sealer {
  if (masterKey.length !== 32) throw new BerthError('BERTH_INTERNAL', 'the master key must be 32 bytes');
  const key = Buffer.from(masterKey);
  return {
    seal(plaintext, label) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(label, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return `${version}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed, label) {
      const [tag, data] = sealed.split('.');
      const bytes = Buffer.from(data ?? '', 'base64');
      if (tag !== version || bytes.length < 28) throw broken(label);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(label, 'utf8'));
      decipher.setAuthTag(bytes.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
      } catch {
        throw broken(label);
      }
    },
  };
}

function broken(label: string): BerthError {
  return new BerthError(
    'BERTH_SEAL_BROKEN',
    `sealed data for ${label} is damaged or belongs to another record`,
  );
}
