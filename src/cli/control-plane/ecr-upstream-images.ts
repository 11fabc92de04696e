// The pull-through cache's upstream side: berth's registry client pulls the image from the rule's upstream registry
// (with the rule's secret) into the content store, and the manifest is stored in the ECR repository through the
// registry's own manifest rules, so the image served afterwards is the upstream's, byte for byte.
import type { Logger } from '../../adapters/logger/index.js';
import type { ContentStore } from '../../content/index.js';
import { type Digest, parsePlatform, parseReference } from '../../engines/oci/index.js';
import type { Persistence } from '../../ports/index.js';
import {
  anonymousKeychain,
  hostKeychain,
  isRegistryError,
  RegistryClient,
} from '../../registry/client/index.js';
import { RepositoryStore } from '../../registry/server/index.js';
import type { EcrImageStore, UpstreamImages, UpstreamImport } from '../../services/ecr/index.js';
import { hostPlatform } from '../host-platform.js';

export interface UpstreamImagesSetup {
  readonly persistence: Persistence;
  readonly content: () => Promise<ContentStore>;
  readonly images: EcrImageStore;
  readonly log: Logger;
}

/**
 * An index is narrowed to this machine's platform, as `berth pull` and the agent narrow it, and that image is what
 * the tag names in the cache (AWS imports every child of a manifest list, ref ecr §3.5: a later change).
 */
export function ecrUpstreamImages(setup: UpstreamImagesSetup): UpstreamImages {
  const links = new RepositoryStore(setup.persistence);
  return {
    async import(request): Promise<UpstreamImport> {
      const host = request.upstreamUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
      const byDigest = request.reference.includes(':');
      const reference = parseReference(
        `${host}/${request.repository}${byDigest ? '@' : ':'}${request.reference}`,
      );
      const client = new RegistryClient({
        keychain: request.login ? hostKeychain(host, request.login) : anonymousKeychain,
        retry: { attempts: 2 },
      });
      try {
        const content = await setup.content();
        const image = await client.resolve(reference, {
          platform: parsePlatform(hostPlatform()),
          store: content,
        });
        const fetched = await client.fetch(image, content);
        for (const blob of [fetched.config, ...fetched.layers])
          links.linkBlob(request.into, blob.digest as Digest);
        const stored = await setup.images.putManifest(
          request.into,
          Buffer.from(image.manifestBytes),
          image.manifest.mediaType,
          byDigest ? undefined : request.reference,
        );
        if ('refused' in stored) return { ok: false, failure: 'unavailable', detail: stored.message };
        return { ok: true, digest: stored.digest };
      } catch (error) {
        if (!isRegistryError(error)) throw error;
        // The registry client's messages are redacted (no credentials, URLs without queries).
        setup.log.warn(`pull-through cache: ${host}/${request.repository}: ${error.message}`, {
          errorCode: error.code,
          ...(error.status === undefined ? {} : { status: error.status }),
        });
        const failure =
          error.status === 404
            ? 'not-found'
            : error.status === 401 || error.status === 403
              ? 'unauthorized'
              : 'unavailable';
        return { ok: false, failure, detail: error.message };
      } finally {
        await client.close();
      }
    },
  };
}
