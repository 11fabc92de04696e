import type { Random } from '../../../ports/index.js';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * IAM's unique identifiers: a four-letter prefix naming the kind (AIDA user, AROA role, ANPA managed policy, AKIA
 * access key; ref aws-iam-and-protocols §1.11) and random upper-case letters and digits: 17 for entities, 16 for access keys, as
 * AWS's are 21 and 20 characters long.
 */
export function uniqueId(random: Random, prefix: 'AIDA' | 'AROA' | 'ANPA' | 'AKIA' | 'ASIA'): string {
  const length = prefix === 'AKIA' || prefix === 'ASIA' ? 16 : 17;
  return prefix + randomText(random, alphabet, length);
}

/** `length` characters of `chars`, drawn without modulo bias (bytes past the last full cycle are redrawn). */
export function randomText(random: Random, chars: string, length: number): string {
  const limit = 256 - (256 % chars.length);
  let text = '';
  while (text.length < length) {
    for (const byte of random.bytes(length * 2)) {
      if (byte < limit) text += chars[byte % chars.length];
      if (text.length === length) break;
    }
  }
  return text;
}

/** A 40-character secret access key in AWS's alphabet (base64 without padding). */
export function secretAccessKey(random: Random): string {
  return Buffer.from(random.bytes(30)).toString('base64');
}
