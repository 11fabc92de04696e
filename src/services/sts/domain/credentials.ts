import type { Random } from '../../../ports/index.js';

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Temporary credentials as STS mints them: an `ASIA` key id of 20 characters (ref aws-iam-and-protocols §1.11), a 40-character
 * secret, and an opaque session token. Tokens are long random base64 strings, as AWS's are; berth's carry 96 random
 * bytes, so a token cannot be guessed from anything else of the session.
 */
export const credentials = {
  accessKeyId(random: Random): string {
    const limit = 256 - (256 % idAlphabet.length);
    let id = 'ASIA';
    while (id.length < 20) {
      for (const byte of random.bytes(32)) {
        if (byte < limit && id.length < 20) id += idAlphabet[byte % idAlphabet.length];
      }
    }
    return id;
  },

  secretAccessKey(random: Random): string {
    return Buffer.from(random.bytes(30)).toString('base64');
  },

  sessionToken(random: Random): string {
    return Buffer.from(random.bytes(96)).toString('base64');
  },
} as const;
