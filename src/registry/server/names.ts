import { type Digest, parseDigest, quote } from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import { OciError } from './oci-errors.js';

const component = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const nameRe = new RegExp(`^${component}(?:/${component})*$`);
const tagRe = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** A repository name by the distribution grammar, at most 255 characters; NAME_INVALID otherwise. */
export function checkName(name: string): string {
  if (name.length > 255 || !nameRe.test(name))
    throw new OciError('NAME_INVALID', `invalid repository name ${quote(name)}`, {
      name: name.slice(0, 300),
    });
  return name;
}

/** A digest (sha256 or sha512, lowercase hex of the right length); DIGEST_INVALID saying why when malformed. */
export function checkDigest(value: string | null | undefined): Digest {
  if (value === null || value === undefined) throw new OciError('DIGEST_INVALID', 'digest missing');
  try {
    return parseDigest(value);
  } catch (error) {
    const message = isBerthError(error) ? error.message : `invalid digest ${quote(value)}`;
    throw new OciError('DIGEST_INVALID', message, { digest: value.slice(0, 300) });
  }
}

export type ManifestReference = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: Digest };

/** A manifest reference: a digest when it has `:`, else a tag (MANIFEST_INVALID when malformed). */
export function checkReference(value: string): ManifestReference {
  if (value.includes(':')) return { kind: 'digest', digest: checkDigest(value) };
  if (!tagRe.test(value)) throw new OciError('MANIFEST_INVALID', `invalid tag ${quote(value)}`);
  return { kind: 'tag', tag: value };
}
