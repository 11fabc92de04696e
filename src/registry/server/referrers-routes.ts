import { type Digest, maxManifestBytes, mediaTypes } from '../../engines/oci/index.js';
import { checkDigest } from './names.js';
import type { ReferrerDescriptor } from './referrers-index.js';
import type { RepositoryStore } from './repository-store.js';
import { queryParams, respond, type ServerRequest, type ServerResponse } from './server-http.js';

// The index around the descriptors, for the page-size budget.
const emptyIndexBytes = Buffer.byteLength(
  JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: [] }),
);

/**
 * `GET /v2/<name>/referrers/<digest>[?artifactType=]` (distribution-spec "Listing Referrers", end-12a/b): an OCI
 * image index of the manifests in `<name>` whose `subject` is `<digest>`. Never 404, since a 404 tells clients
 * the API is missing and sends them to the tag-schema fallback: an unknown subject or repository gets an empty
 * index. The filter is applied and said so in `OCI-Filters-Applied`. A page stays within the 4 MiB clients accept
 * for a manifest; beyond it a `Link` (rel="next", RFC 5988) carries the cursor as `last=<digest>`.
 */
export function listReferrers(
  request: ServerRequest,
  name: string,
  subject: Digest,
  repositories: RepositoryStore,
): ServerResponse {
  const params = queryParams(request.query);
  const artifactType = params.get('artifactType') || undefined;
  const lastParam = params.get('last');
  const after = lastParam === null ? undefined : checkDigest(lastParam);
  const matching = repositories
    .referrers(name, subject, after)
    .filter((d) => artifactType === undefined || d.artifactType === artifactType);
  const { manifests, more } = fitPage(matching);
  const headers: Array<[string, string]> = [['Content-Type', mediaTypes.ociIndex]];
  if (artifactType !== undefined) headers.push(['OCI-Filters-Applied', 'artifactType']);
  const last = manifests.at(-1);
  if (more && last !== undefined) {
    const filter = artifactType === undefined ? '' : `&artifactType=${encodeURIComponent(artifactType)}`;
    headers.push(['Link', `</v2/${name}/referrers/${subject}?last=${last.digest}${filter}>; rel="next"`]);
  }
  const index = { schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests };
  return respond(200, headers, Buffer.from(JSON.stringify(index)));
}

/** As many descriptors as fit in one 4 MiB index, and at least one, so every page makes progress. */
function fitPage(all: readonly ReferrerDescriptor[]): { manifests: ReferrerDescriptor[]; more: boolean } {
  const manifests: ReferrerDescriptor[] = [];
  let bytes = emptyIndexBytes;
  for (const descriptor of all) {
    const size = Buffer.byteLength(JSON.stringify(descriptor)) + (manifests.length > 0 ? 1 : 0);
    if (manifests.length > 0 && bytes + size > maxManifestBytes) return { manifests, more: true };
    manifests.push(descriptor);
    bytes += size;
  }
  return { manifests, more: false };
}
