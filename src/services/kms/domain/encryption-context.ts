/**
 * The encryption context of a KMS request: non-secret key/value pairs bound to a ciphertext as additional
 * authenticated data. Decrypt must present exactly the same pairs; only their order may differ (reference §1.12,
 * KMS DG conditions-kms.md "Case sensitivity of the encryption context condition").
 */
export type EncryptionContext = Readonly<Record<string, string>>;

/**
 * The context as AAD bytes, in one canonical order (keys sorted by UTF-16 code units), each key and value
 * length-prefixed so that no two different contexts encode alike ({"a":"bc"} vs {"ab":"c"}).
 */
export function canonicalContext(context: EncryptionContext): Buffer {
  const parts: Buffer[] = [];
  for (const key of Object.keys(context).sort()) {
    for (const text of [key, context[key]!]) {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      parts.push(length, bytes);
    }
  }
  return Buffer.concat(parts);
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
