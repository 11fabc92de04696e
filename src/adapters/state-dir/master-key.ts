import { BerthError } from '../../errors/index.js';
import type { Random } from '../../ports/index.js';
import { privateFile } from './private-file.js';

export const masterKeyLength = 32;

/**
 * The state dir's master key: 32 random bytes in a 0600 file, created on first start and never rewritten. It seals
 * all key material at rest (root credentials, IAM secret keys, STS session tokens, KMS key material). berth refuses
 * to start when the file is readable by others, is not a regular file, or has the wrong size, rather than run with
 * a key that may be known, damaged or truncated (re-creating it would orphan every sealed value).
 */
export function loadMasterKey(path: string, random: Random, options: { create?: boolean } = {}): Buffer {
  const existing = privateFile.read(path, 'BERTH_MASTER_KEY_INVALID');
  if (existing) return check(path, existing);
  if (options.create === false) {
    throw new BerthError('BERTH_MASTER_KEY_INVALID', `${path} is missing; this state dir cannot be opened`);
  }
  const fresh = random.bytes(masterKeyLength);
  if (fresh.length !== masterKeyLength) throw new BerthError('BERTH_INTERNAL', 'short random read');
  // Another process may have created it meanwhile; then its key is the one to use.
  if (privateFile.createIfAbsent(path, fresh)) return Buffer.from(fresh);
  return check(path, privateFile.read(path, 'BERTH_MASTER_KEY_INVALID')!);
}

function check(path: string, key: Buffer): Buffer {
  if (key.length !== masterKeyLength) {
    throw new BerthError(
      'BERTH_MASTER_KEY_INVALID',
      `${path} holds ${key.length} bytes, not the ${masterKeyLength} of a master key; restore the original ` +
        'file (everything sealed in this state dir needs it)',
    );
  }
  return key;
}
