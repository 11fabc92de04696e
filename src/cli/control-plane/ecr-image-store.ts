// The glue between ECR's API and berth's registry: ECR's images are the registry's manifests, tags and blobs, checked
// by the registry's own manifest rules, so an image pushed through either door is the same image.
import type { ContentStore } from '../../content/index.js';
import { computeDigest, type Digest, parseManifest } from '../../engines/oci/index.js';
import type { Persistence } from '../../ports/index.js';
import { isOciError, ManifestRoutes, RepositoryStore } from '../../registry/server/index.js';
import type { EcrImageStore, ManifestRefusal } from '../../services/ecr/index.js';

export function ecrImageStore(persistence: Persistence, content: () => Promise<ContentStore>): EcrImageStore {
  const repositories = new RepositoryStore(persistence);
  const read = async (digest: string): Promise<Buffer> => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of (await content()).read(digest as Digest)) chunks.push(chunk);
    return Buffer.concat(chunks);
  };
  return {
    manifests: (repository) => repositories.manifests(repository),
    tags: (repository) => repositories.tags(repository),
    manifest: (repository, digest) => repositories.manifest(repository, digest as Digest),
    readManifest: read,
    async imageSize(digest) {
      try {
        const document = parseManifest(await read(digest));
        const blobs = 'layers' in document ? [document.config, ...document.layers] : [];
        return blobs.reduce((sum, blob) => sum + (blob?.size ?? 0), 0);
      } catch {
        return 0;
      }
    },
    async putManifest(repository, bytes, mediaType, tag) {
      const routes = new ManifestRoutes(await content(), repositories);
      const declared = mediaType ?? mediaTypeOf(bytes);
      const request = {
        method: 'PUT',
        path: '',
        query: '',
        headers: declared === undefined ? [] : [['Content-Type', declared] as const],
        body: bytes,
        remoteAddress: '',
      };
      const reference = tag === undefined ? digestReference(bytes) : ({ kind: 'tag', tag } as const);
      try {
        const response = await routes.put(request, repository, reference);
        const digest = response.headers.find(([name]) => name === 'Docker-Content-Digest')?.[1] ?? '';
        return { digest };
      } catch (error) {
        if (!isOciError(error)) throw error;
        const refused: ManifestRefusal['refused'] =
          error.code === 'MANIFEST_BLOB_UNKNOWN' || error.code === 'BLOB_UNKNOWN'
            ? 'blob-unknown'
            : 'invalid';
        return { refused, message: error.message };
      }
    },
    deleteManifest: (repository, digest) => repositories.deleteManifest(repository, digest as Digest),
    deleteTag: (repository, tag) => repositories.deleteTag(repository, tag),
    async blob(repository, digest) {
      if (!repositories.hasBlob(repository, digest as Digest)) return undefined;
      const info = await (await content()).info(digest as Digest);
      return info ? { size: info.size } : undefined;
    },
    async ingestBlob(repository, digest, bytes) {
      await (await content()).ingest({ digest: digest as Digest, size: bytes.length }, async () =>
        once(bytes),
      );
      repositories.linkBlob(repository, digest as Digest);
      return true;
    },
    clear: (repository) => repositories.clear(repository),
  };
}

/** The manifest's own `mediaType`, when it has one (PutImage's imageManifestMediaType may be omitted then). */
function mediaTypeOf(bytes: Buffer): string | undefined {
  try {
    const value = (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown }).mediaType;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function digestReference(bytes: Buffer) {
  return { kind: 'digest', digest: computeDigest(bytes) } as const;
}

async function* once(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes;
}
