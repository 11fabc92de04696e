import { tryParseArn } from '../../../engines/arn/index.js';
import type { Random } from '../../../ports/index.js';

/**
 * How a request names a secret (ref aws-iam-and-protocols §4.3 "Lookup"): by name in the caller's account and region; by full ARN
 * (ending in `-` + 6 alphanumerics), which must match exactly; or by partial ARN (the ARN without that suffix).
 * As AWS does, an ARN whose last seven characters look like a suffix is read as a full ARN, so a secret named
 * `db-a1b2c3` cannot be found by partial ARN (observed: localstack snapshot test_create_and_update_secret
 * [Invalid/_+=.@-Name-a1b2c3-False], recorded against AWS).
 */
export type SecretReference =
  | { readonly kind: 'name'; readonly name: string }
  | {
      readonly kind: 'full-arn' | 'partial-arn';
      readonly arn: string;
      readonly account: string;
      readonly region: string;
      /** The secret name the ARN implies. */
      readonly name: string;
    }
  /** An ARN that cannot name a secret: nothing is found, and IAM is asked about it as given. */
  | { readonly kind: 'other-arn'; readonly arn: string };

/** Secret names: ASCII letters, digits and `/_+=.@-` (CreateSecret Name). */
export const namePattern = /^[A-Za-z0-9/_+=.@-]+$/;

const suffix = /-[A-Za-z0-9]{6}$/;

export function parseSecretId(text: string): SecretReference {
  if (!text.startsWith('arn:')) return { kind: 'name', name: text };
  const arn = tryParseArn(text);
  if (arn?.service !== 'secretsmanager' || !arn.resource.startsWith('secret:'))
    return { kind: 'other-arn', arn: text };
  const resource = arn.resource.slice('secret:'.length);
  const full = suffix.test(resource);
  const name = full ? resource.slice(0, -7) : resource;
  if (name === '' || !namePattern.test(name)) return { kind: 'other-arn', arn: text };
  return {
    kind: full ? 'full-arn' : 'partial-arn',
    arn: text,
    account: arn.account,
    region: arn.region,
    name,
  };
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The six random alphanumerics AWS appends to a secret's ARN, new on every (re)creation so that grants to a
 * deleted secret's ARN never reach its successor. Rejection sampling keeps the characters uniform.
 */
export function arnSuffix(random: Random): string {
  let out = '';
  while (out.length < 6) {
    for (const byte of random.bytes(12)) {
      if (byte < 248 && out.length < 6) out += alphabet[byte % 62];
    }
  }
  return out;
}
