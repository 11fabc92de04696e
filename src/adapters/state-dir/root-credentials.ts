import { BerthError, Secret } from '../../errors/index.js';
import type { Random, Sealer } from '../../ports/index.js';
import { privateFile } from './private-file.js';

/** The account root user's access key: from the environment, or generated once for the state dir. */
export interface RootCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly source: 'env' | 'generated';
}

interface StoredRootCredentials {
  readonly version: 1;
  readonly accessKeyId: string;
  /** Sealed with the master key under the label `root-credentials/<accessKeyId>`: never plaintext at rest. */
  readonly secretAccessKey: string;
  readonly createdAt: string;
}

export interface RootCredentialSources {
  /** The values of BERTH_ROOT_ACCESS_KEY_ID / BERTH_ROOT_SECRET_ACCESS_KEY (the composition root reads env). */
  readonly env: { readonly accessKeyId?: string; readonly secretAccessKey?: string };
  /** The state dir's root-credentials file (0600). */
  readonly file: string;
  readonly sealer: Sealer;
  readonly random: Random;
  readonly now: Date;
}

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The root credentials berth accepts: the environment's when BERTH_ROOT_ACCESS_KEY_ID and
 * BERTH_ROOT_SECRET_ACCESS_KEY are both set (nothing is written), else the ones generated on first start and kept
 * sealed in the state dir, so that a restart keeps them.
 */
export function loadRootCredentials(sources: RootCredentialSources): RootCredentials {
  const { accessKeyId, secretAccessKey } = sources.env;
  if (accessKeyId !== undefined || secretAccessKey !== undefined) {
    return fromEnv(accessKeyId, secretAccessKey);
  }
  const existing = read(sources);
  if (existing) return existing;
  const generated = generateRootCredentials(sources.random);
  const stored: StoredRootCredentials = {
    version: 1,
    accessKeyId: generated.accessKeyId,
    secretAccessKey: sources.sealer.seal(
      Buffer.from(generated.secretAccessKey.reveal()),
      label(generated.accessKeyId),
    ),
    createdAt: sources.now.toISOString(),
  };
  if (privateFile.createIfAbsent(sources.file, `${JSON.stringify(stored, null, 2)}\n`)) return generated;
  return read(sources)!;
}

/** A fresh key pair in AWS's shapes: `AKIA` + 16 base32 characters, and a 40-character secret. */
export function generateRootCredentials(random: Random): RootCredentials {
  // 256 is a multiple of 32 and 64, so masking a random byte picks every character with equal probability.
  const pick = (alphabet: string, count: number) =>
    Array.from(random.bytes(count), (byte) => alphabet[byte & (alphabet.length - 1)]).join('');
  return {
    accessKeyId: `AKIA${pick(base32, 16)}`,
    secretAccessKey: new Secret(pick(base64, 40)),
    source: 'generated',
  };
}

function fromEnv(accessKeyId: string | undefined, secretAccessKey: string | undefined): RootCredentials {
  if (!accessKeyId || !secretAccessKey) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      'set both BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY, or neither',
    );
  }
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      'BERTH_ROOT_ACCESS_KEY_ID must be 16 to 128 upper-case letters and digits, like AKIAIOSFODNN7EXAMPLE',
    );
  }
  if (/[\s]/.test(secretAccessKey) || secretAccessKey.length > 128) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      'BERTH_ROOT_SECRET_ACCESS_KEY must be at most 128 characters without white space',
    );
  }
  return { accessKeyId, secretAccessKey: new Secret(secretAccessKey), source: 'env' };
}

function read(sources: RootCredentialSources): RootCredentials | undefined {
  const bytes = privateFile.read(sources.file, 'BERTH_STATE_INVALID');
  if (!bytes) return undefined;
  let stored: StoredRootCredentials;
  try {
    stored = JSON.parse(bytes.toString('utf8')) as StoredRootCredentials;
  } catch {
    throw damaged(sources.file);
  }
  if (stored?.version !== 1 || typeof stored.accessKeyId !== 'string') throw damaged(sources.file);
  if (typeof stored.secretAccessKey !== 'string') throw damaged(sources.file);
  const secret = sources.sealer.open(stored.secretAccessKey, label(stored.accessKeyId));
  return {
    accessKeyId: stored.accessKeyId,
    secretAccessKey: new Secret(secret.toString('utf8')),
    source: 'generated',
  };
}

function label(accessKeyId: string): string {
  return `root-credentials/${accessKeyId}`;
}

function damaged(file: string): BerthError {
  return new BerthError('BERTH_STATE_INVALID', `${file} is damaged (not berth's root-credentials JSON)`);
}
