import { createCipheriv, createDecipheriv } from 'node:crypto';
import { canonicalContextAfter, type EncryptionContext } from './encryption-context.js';

/**
 * berth's KMS ciphertext blob. AWS's format is opaque (ref aws-iam-and-protocols §4.4), so berth defines its own, which, like AWS's,
 * names its key — Decrypt needs no KeyId and is authorized against that key, never `*` (ref aws-iam-and-protocols §1.8):
 *
 *   0x01 (format) | len (1 byte) | key ARN (UTF-8) | IV (12) | AES-256-GCM ciphertext | tag (16)
 *
 * The header (format, key ARN) and the canonical encryption context are the GCM additional data, so a blob moved to
 * another key, an edited header, edited bytes or another context all fail authentication.
 */
const format = 0x01;
const ivLength = 12;
const tagLength = 16;

export interface BlobHeader {
  readonly keyArn: string;
  /** Bytes of format, length and ARN: where the IV starts. */
  readonly length: number;
}

export function sealBlob(
  material: Uint8Array,
  keyArn: string,
  plaintext: Uint8Array,
  context: EncryptionContext,
  iv: Uint8Array,
): Uint8Array {
  const header = headerBytes(keyArn);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(canonicalContextAfter(header, context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([header, iv, body, cipher.getAuthTag()]));
}

/** The key a blob names; undefined when the bytes are not a berth ciphertext blob. */
export function readBlobHeader(blob: Uint8Array): BlobHeader | undefined {
  if (blob.length < 2 || blob[0] !== format) return undefined;
  const length = blob[1]!;
  if (blob.length < 2 + length + ivLength + tagLength) return undefined;
  const keyArn = view(blob).toString('utf8', 2, 2 + length);
  return keyArn.startsWith('arn:') ? { keyArn, length: 2 + length } : undefined;
}

/** The plaintext, or undefined when the blob fails authentication under this key material and context. */
export function openBlob(
  material: Uint8Array,
  blob: Uint8Array,
  context: EncryptionContext,
): Buffer | undefined {
  const header = readBlobHeader(blob);
  if (!header) return undefined;
  const start = header.length;
  const bytes = view(blob);
  const iv = bytes.subarray(start, start + ivLength);
  const body = bytes.subarray(start + ivLength, bytes.length - tagLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, iv);
    decipher.setAAD(canonicalContextAfter(bytes.subarray(0, start), context));
    decipher.setAuthTag(bytes.subarray(bytes.length - tagLength));
    const plaintext = decipher.update(body);
    // GCM releases nothing at final(): it only checks the tag (and throws when it does not match).
    decipher.final();
    return plaintext;
  } catch {
    return undefined;
  }
}

function headerBytes(keyArn: string): Buffer {
  const arn = Buffer.from(keyArn, 'utf8');
  if (arn.length > 255) throw new RangeError('key ARN too long for a ciphertext blob');
  return Buffer.concat([Buffer.from([format, arn.length]), arn]);
}

/** The blob's bytes as a Buffer without copying them. */
function view(blob: Uint8Array): Buffer {
  return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
}
