/**
 * The encryption context of a KMS request: non-secret key/value pairs bound to a ciphertext as additional
 * authenticated data. Decrypt must present exactly the same pairs; only their order may differ (ref aws-iam-and-protocols §1.12,
 * KMS DG conditions-kms.md "Case sensitivity of the encryption context condition").
 */
export type EncryptionContext = Readonly<Record<string, string>>;

/**
 * The context as AAD bytes, in one canonical order (keys sorted by UTF-16 code units), each key and value
 * length-prefixed so that no two different contexts encode alike ({"a":"bc"} vs {"ab":"c"}).
 */
export function canonicalContext(context: EncryptionContext): Buffer {
  return canonicalContextAfter(Buffer.alloc(0), context);
}

/** `prefix` followed by the canonical context, in one buffer (the AAD of a blob: its header, then the context). */
export function canonicalContextAfter(prefix: Uint8Array, context: EncryptionContext): Buffer {
  // Sized first and written in place: every Decrypt builds this, and a buffer per key and value added up.
  const keys = Object.keys(context).sort();
  let size = prefix.length;
  for (const key of keys)
    size += 8 + Buffer.byteLength(key, 'utf8') + Buffer.byteLength(context[key]!, 'utf8');
  const bytes = Buffer.alloc(size);
  bytes.set(prefix, 0);
  let offset = prefix.length;
  for (const key of keys) {
    for (const text of [key, context[key]!]) {
      const length = bytes.write(text, offset + 4, 'utf8');
      bytes.writeUInt32BE(length, offset);
      offset += 4 + length;
    }
  }
  return bytes;
}

/**
 * The KMS condition keys a context gives (KMS DG conditions-kms.md): `kms:EncryptionContext:<key>` per pair (the
 * key part is case-insensitive, which the IAM engine's lower-cased context keys give for free) and the multivalued
 * `kms:EncryptionContextKeys`.
 */
export function contextConditionKeys(context: EncryptionContext): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = {};
  const names = Object.keys(context);
  if (names.length > 0) keys['kms:EncryptionContextKeys'] = names;
  for (const name of names) keys[`kms:EncryptionContext:${name}`] = context[name]!;
  return keys;
}
