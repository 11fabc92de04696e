import { randomBytes, randomUUID } from 'node:crypto';
import type { Random } from '../ports/index.js';

/**
 * Randomness from the operating system's CSPRNG (node:crypto): key material, access keys, secret-ARN suffixes,
 * version ids. Tests inject a seeded Random instead.
 */
export const nodeRandom: Random = { bytes: (length) => randomBytes(length) };

/** A random (version 4) UUID, as AWS request ids are; node:crypto batches the entropy, so it costs ~0.1 µs. */
export function newRequestId(): string {
  return randomUUID();
}
