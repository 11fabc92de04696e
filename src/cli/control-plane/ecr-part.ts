import { join } from 'node:path';
import type { ContentStore } from '../../content/index.js';
import { once } from '../../engines/concurrency/index.js';
import type { UploadStaging } from '../../registry/server/index.js';
import { ecrRouting } from '../../services/ecr/ecr-routing.js';
import type { EcrService } from '../../services/ecr/index.js';
import type { EcrLayerUrls } from './ecr-layer-urls.js';
import type { EcrSecretReader } from './ecr-upstream-secrets.js';
import { lazyService, type Part, type PartDeps, portKey, provide } from './part.js';

/** ECR, for the registry's `AWS:<token>` logins (registry-part wires its authorization) and tests. */
export const ecrPort = portKey<EcrService>('ecr');

/** ECR's signed layer URLs (ecr-layer-urls.ts): where the registry redirects ECR's blob GETs. */
export const ecrLayersPort = portKey<EcrLayerUrls>('ecr-layers');

/** Where ECR's layer URLs point, on berth's port (a path S3's unsigned path-style requests would not reach). */
const ecrLayerPrefix = '/ecr-layers/';

export interface EcrPartSetup {
  /** The registry's content store (default the state dir's `content/`, the registry's and the agent's). */
  readonly content?: ContentStore;
  /**
   * Where the layer-upload API stages its bytes; default `<state>/uploads/ecr-api/` (the registry's staging skips a
   * directory), or memory when `content` is given (tests; pass the same staging to a second build to restart).
   */
  readonly uploads?: UploadStaging;
}

/**
 * Amazon ECR's API. Its images are berth's registry's: the repositories of the registry's namespace
 * `<account>.dkr.ecr.<region>/…` (engines/ecr), read and written through ecr-image-store.ts. Built on its first
 * request, or when the registry first meets an ECR login.
 */
export function ecrPart(setup: EcrPartSetup = {}): Part {
  return {
    name: 'ecr',
    provides: [ecrPort, ecrLayersPort],
    build({ deps }) {
      let secrets: EcrSecretReader | undefined;
      const content = once(async (): Promise<ContentStore> => {
        if (setup.content) return setup.content;
        const { FsContentStore } = await import('../../adapters/fs-content-store/index.js');
        return FsContentStore.open(deps.stateDir.content);
      });
      const layers = once(async () =>
        (await import('./ecr-layer-urls.js')).ecrLayerUrls({
          prefix: ecrLayerPrefix,
          endpoint: deps.endpoint,
          content,
          clock: deps.clock,
        }),
      );
      const load = once(async () => {
        const [
          { createEcrService },
          { ecrImageStore },
          { ecrLayerUploads },
          { ecrUpstreamImages },
          { ecrUpstreamSecrets },
        ] = await Promise.all([
          import('../../services/ecr/index.js'),
          import('./ecr-image-store.js'),
          import('./ecr-layer-uploads.js'),
          import('./ecr-upstream-images.js'),
          import('./ecr-upstream-secrets.js'),
        ]);
        const images = ecrImageStore(deps.persistence, content);
        const layerUploads = ecrLayerUploads(deps.persistence, content, await uploadStaging(setup, deps));
        secrets = ecrUpstreamSecrets(deps.endpoint, deps.partition);
        const upstream = ecrUpstreamImages({
          persistence: deps.persistence,
          content,
          images,
          log: deps.log,
        });
        return createEcrService({
          ...deps,
          images,
          layerUploads,
          layerUrl: async (digest) => (await layers()).url(digest),
          upstream: { secrets, images: upstream },
        });
      });
      return {
        services: [lazyService(ecrRouting, async () => (await load()).definition)],
        provides: [provide(ecrPort, load), provide(ecrLayersPort, layers)],
        mounts: [{ prefix: ecrLayerPrefix, handler: async (request) => (await layers()).answer(request) }],
        // ECR's own key for reading pull-through cache secrets (ecr-upstream-secrets.ts); none before ECR is built.
        credentials: async (accessKeyId) => secrets?.credentials(accessKeyId),
      };
    },
  };
}

async function uploadStaging(setup: EcrPartSetup, deps: PartDeps): Promise<UploadStaging> {
  if (setup.uploads) return setup.uploads;
  if (setup.content) return new (await import('../../registry/server/index.js')).MemoryUploadStaging();
  const { FsUploadStaging } = await import('../../adapters/fs-upload-staging/index.js');
  return new FsUploadStaging(join(deps.stateDir.uploads, 'ecr-api'));
}
