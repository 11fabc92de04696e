import { timingSafeEqual } from 'node:crypto';
import { Secret } from '../../../errors/index.js';

/**
 * A secret's value while berth holds it: wrapped in `Secret`, so that logging, printing or JSON-encoding it shows
 * `***`. Only GetSecretValue reveals it, into its response.
 */
export type SecretValue =
  | { readonly type: 'string'; readonly value: Secret<string> }
  | { readonly type: 'binary'; readonly value: Secret<Uint8Array> };

/** The maximum size of a SecretString (UTF-8 bytes) or SecretBinary: 65,536 bytes (Secrets Manager quotas). */
export const maxValueBytes = 65_536;

export function stringValue(text: string): SecretValue {
  return { type: 'string', value: new Secret(text) };
}

export function binaryValue(bytes: Uint8Array): SecretValue {
  return { type: 'binary', value: new Secret(bytes) };
}

/** The bytes that get encrypted: UTF-8 for a string. */
export function valueBytes(value: SecretValue): Buffer {
  return value.type === 'string'
    ? Buffer.from(value.value.reveal(), 'utf8')
    : Buffer.from(value.value.reveal());
}

export function valueFromBytes(type: 'string' | 'binary', bytes: Buffer): SecretValue {
  return type === 'string' ? stringValue(bytes.toString('utf8')) : binaryValue(new Uint8Array(bytes));
}

/** Whether two values are the same (ClientRequestToken idempotency), compared in constant time. */
export function sameValue(a: SecretValue, b: SecretValue): boolean {
  if (a.type !== b.type) return false;
  const left = valueBytes(a);
  const right = valueBytes(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The response members of a value: `SecretString` or `SecretBinary`. The one place a value is revealed. */
export function revealValue(value: SecretValue): { SecretString?: string; SecretBinary?: Uint8Array } {
  return value.type === 'string'
    ? { SecretString: value.value.reveal() }
    : { SecretBinary: value.value.reveal() };
}
