import { tryParseArn } from '../../../engines/arn/index.js';

/**
 * How a request names a KMS key (ref aws-iam-and-protocols §4.4): a key id (UUID), a key ARN, an alias name (`alias/…`) or an alias
 * ARN. Which forms an operation accepts, and whether another account's key may be named, is the caller's business.
 */
export type KeyReference =
  | { readonly kind: 'key-id'; readonly keyId: string }
  | {
      readonly kind: 'key-arn';
      readonly keyId: string;
      readonly account: string;
      readonly region: string;
      readonly arn: string;
    }
  | { readonly kind: 'alias-name'; readonly aliasName: string }
  | {
      readonly kind: 'alias-arn';
      readonly aliasName: string;
      readonly account: string;
      readonly region: string;
      readonly arn: string;
    };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads a KeyId; undefined when it is none of the four forms (KMS answers "Invalid keyId"). */
export function parseKeyReference(text: string): KeyReference | undefined {
  if (text.startsWith('alias/')) return { kind: 'alias-name', aliasName: text };
  if (!text.startsWith('arn:')) return uuid.test(text) ? { kind: 'key-id', keyId: text } : undefined;
  const arn = tryParseArn(text);
  if (arn?.service !== 'kms' || !/^\d{12}$/.test(arn.account)) return undefined;
  const { account, region, resource } = arn;
  if (resource.startsWith('key/')) {
    const keyId = resource.slice(4);
    return uuid.test(keyId) ? { kind: 'key-arn', keyId, account, region, arn: text } : undefined;
  }
  if (resource.startsWith('alias/'))
    return { kind: 'alias-arn', aliasName: resource, account, region, arn: text };
  return undefined;
}

/** Whether an alias name is well formed: `alias/` then letters, digits, `/_-:` (CreateAlias's pattern). */
export function isAliasName(name: string): boolean {
  return (
    name.startsWith('alias/') && name.length > 6 && name.length <= 256 && /^[a-zA-Z0-9:/_-]+$/.test(name)
  );
}

/** `alias/aws/…` names are reserved for AWS managed keys. */
export function isReservedAlias(name: string): boolean {
  return name.startsWith('alias/aws/');
}

/** A random version-4 UUID from 16 random bytes: KMS key ids. */
export function uuidFrom(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
