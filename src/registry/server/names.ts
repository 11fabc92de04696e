import { type Digest, parseDigest } from '../../engines/oci/index.js';
import { OciError } from './oci-errors.js';

const component = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const nameRe = new RegExp(`^${component}(?:/${component})*$`);
const tagRe = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** A repository name by the distribution grammar, at most 255 characters; NAME_INVALID otherwise. */
export function checkName(name: string): string {
  if (name.length > 255 || !nameRe.test(name))
    throw new OciError('NAME_INVALID', `invalid repository name ${JSON.stringify(name)}`);
  return name;
}

/** A digest; DIGEST_INVALID when malformed. */
export function checkDigest(value: string | null | undefined): Digest {
  if (value === null || value === undefined) throw new OciError('DIGEST_INVALID', 'digest missing');
  try {
    return parseDigest(value);
  } catch {
    throw new OciError('DIGEST_INVALID', `invalid digest ${JSON.stringify(value)}`);
  }
}

export type ManifestReference = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: Digest };

/** A manifest reference: a digest when it has `:`, else a tag (MANIFEST_INVALID when malformed). */
export function checkReference(value: string): ManifestReference {
  if (value.includes(':')) return { kind: 'digest', digest: checkDigest(value) };
  if (!tagRe.test(value)) throw new OciError('MANIFEST_INVALID', `invalid tag ${JSON.stringify(value)}`);
  return { kind: 'tag', tag: value };
}

export function isValidTag(value: string): boolean {
  return tagRe.test(value);
}
