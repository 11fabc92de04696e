import type { Digest } from '../../engines/oci/index.js';
import { checkDigest, checkName, checkReference, type ManifestReference } from './names.js';
import { OciError, type OciErrorCode } from './oci-errors.js';

/** Which endpoint of the distribution API a path names, with its name, reference or digest already validated. */
export type RegistryRoute =
  | { readonly kind: 'root' }
  | { readonly kind: 'catalog' }
  | { readonly kind: 'tags'; readonly name: string }
  | { readonly kind: 'manifests'; readonly name: string; readonly reference: ManifestReference }
  | { readonly kind: 'blobs'; readonly name: string; readonly digest: Digest }
  | { readonly kind: 'referrers'; readonly name: string; readonly digest: Digest }
  /** `/v2/<name>/blobs/uploads/`, where uploads start. */
  | { readonly kind: 'uploads'; readonly name: string }
  /** `/v2/<name>/blobs/uploads/<id>`: one upload session. */
  | { readonly kind: 'upload'; readonly name: string; readonly id: string };

// The name is matched greedily and the endpoint from the right, as Distribution's router does, so a repository
// may have a component called `manifests`, `blobs` or `tags` (`/v2/a/tags/b/manifests/1` is repository `a/tags/b`).
const tagsPath = /^\/v2\/(.+)\/tags\/list$/;
const uploadsPath = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/;
const contentPath = /^\/v2\/(.+)\/(manifests|blobs|referrers)\/([^/]+)$/;

/**
 * The route of a still percent-encoded path. A malformed name, reference or digest is refused here, before any
 * storage is touched: NAME_INVALID, MANIFEST_INVALID (a tag outside the grammar) or DIGEST_INVALID.
 */
export function matchRoute(path: string): RegistryRoute {
  if (path === '/v2/' || path === '/v2') return { kind: 'root' };
  if (path === '/v2/_catalog') return { kind: 'catalog' };
  const tags = tagsPath.exec(path);
  if (tags) return { kind: 'tags', name: repositoryName(tags[1]!) };
  const uploads = uploadsPath.exec(path);
  if (uploads) {
    const name = repositoryName(uploads[1]!);
    if (uploads[2] === '') return { kind: 'uploads', name };
    return { kind: 'upload', name, id: decode(uploads[2]!, 'BLOB_UPLOAD_UNKNOWN') };
  }
  const content = contentPath.exec(path);
  if (!content)
    throw new OciError('NAME_INVALID', 'unrecognised registry path', { path: path.slice(0, 300) });
  const name = repositoryName(content[1]!);
  const kind = content[2] as 'manifests' | 'blobs' | 'referrers';
  if (kind === 'manifests') {
    const value = decode(content[3]!, 'MANIFEST_INVALID');
    return { kind, name, reference: checkReference(value) };
  }
  return { kind, name, digest: checkDigest(decode(content[3]!, 'DIGEST_INVALID')) };
}

function repositoryName(encoded: string): string {
  return checkName(decode(encoded, 'NAME_INVALID'));
}

function decode(encoded: string, code: OciErrorCode): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new OciError(code, 'malformed percent-encoding in the path', { path: encoded.slice(0, 300) });
  }
}
