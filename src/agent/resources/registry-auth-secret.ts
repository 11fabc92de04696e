import { BerthError, Secret } from '../../errors/index.js';
import { messages } from '../messages.js';
import { decodeGoJson, GoJsonError, type GoJsonValue } from './go-json.js';

const texts = messages.agentResource;

/** Registry credentials read from a repositoryCredentials secret; kept in memory for the pull only. */
export interface RegistryAuth {
  readonly username: Secret;
  readonly password: Secret;
}

/** A registry-auth secret the agent rejects; `text` is the agent's own (lower-case) error text. */
export class RegistryAuthSecretError extends BerthError {
  readonly text: string;

  constructor(text: string) {
    super('BERTH_INVALID_CREDENTIALS', text);
    this.name = 'RegistryAuthSecretError';
    this.text = text;
  }
}

/**
 * The agent's reading of a repositoryCredentials secret (ref registry-protocol §1.4): `json.Unmarshal` into
 * `struct { Username *string; Password *string }`. Go's rules apply: field names match keys case-insensitively,
 * every matching key is applied in order (so the last one wins, and a `null` resets the field), any other type for
 * a matching key or a non-object document is a schema error, unknown keys are ignored, nothing is trimmed.
 * A SecretBinary-only secret has no SecretString and fails as an empty value.
 */
export function parseRegistryAuthSecret(secretString: string | undefined): RegistryAuth {
  if (secretString === undefined || secretString === '') {
    throw new RegistryAuthSecretError(texts.emptySecretValue);
  }
  let document: GoJsonValue;
  try {
    document = decodeGoJson(secretString);
  } catch (error) {
    if (error instanceof GoJsonError) throw new RegistryAuthSecretError(texts.invalidSchema);
    throw error;
  }
  const fields: { USERNAME?: string | undefined; PASSWORD?: string | undefined } = {};
  if (document.kind !== 'null') {
    if (document.kind !== 'object') throw new RegistryAuthSecretError(texts.invalidSchema);
    for (const [key, value] of document.members) {
      const field = foldKey(key);
      if (field !== 'USERNAME' && field !== 'PASSWORD') continue;
      if (value.kind === 'null') fields[field] = undefined;
      else if (value.kind === 'string') fields[field] = value.value;
      else throw new RegistryAuthSecretError(texts.invalidSchema);
    }
  }
  if (!fields.USERNAME) throw new RegistryAuthSecretError(texts.emptyUsername);
  if (!fields.PASSWORD) throw new RegistryAuthSecretError(texts.emptyPassword);
  return { username: new Secret(fields.USERNAME), password: new Secret(fields.PASSWORD) };
}

/**
 * encoding/json's folded form of a key (fold.go: ASCII upper case; other runes to the smallest rune of their
 * simple-fold orbit). Of the non-ASCII runes, only U+017F LATIN SMALL LETTER LONG S folds onto a letter of
 * "username" or "password" (onto S), so it is the only one mapped; any other non-ASCII key cannot match.
 */
function foldKey(key: string): string {
  return key.replace(/[a-z]/g, (c) => c.toUpperCase()).replace(/\u017f/g, 'S');
}
