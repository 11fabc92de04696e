import {
  type Authorizer,
  type JsonServiceDefinition,
  ServiceError,
  withOperations,
} from '../../aws/index.js';
import { ecrRegistryHost } from '../../engines/ecr/index.js';
import type { BerthError } from '../../errors/index.js';
import type { Clock, Persistence, Random, Sealer } from '../../ports/index.js';
import { AuthTokens } from './auth-tokens.js';
import { EcrAccess } from './ecr-access.js';
import { ecrRouting } from './ecr-routing.js';
import { imageOperations } from './image-handlers.js';
import type { EcrImageStore, EcrLayerUploads } from './image-store.js';
import { Images } from './images.js';
import { LayerUploads } from './layer-uploads.js';
import { PullThroughCache } from './pull-through-cache.js';
import { pullThroughOperations } from './pull-through-handlers.js';
import { PullThroughRules } from './pull-through-rules.js';
import { EcrRegistryAuthorization } from './registry-authorization.js';
import { Repositories } from './repositories.js';
import { repositoryOperations } from './repository-handlers.js';
import { PullThroughRuleStore, RepositoryStore } from './store.js';
import type { UpstreamImages, UpstreamSecrets } from './upstream-ports.js';

export interface EcrDeps {
  readonly persistence: Persistence;
  readonly clock: Clock;
  readonly random: Random;
  readonly sealer: Sealer;
  readonly authorizer: Authorizer;
  readonly partition: string;
  /** The registry's images (the composition's glue over registry/server). */
  readonly images: EcrImageStore;
  /** The layer-upload API's durable sessions (the composition's glue over the registry's upload sessions). */
  readonly layerUploads: EcrLayerUploads;
  /** A signed, short-lived URL of a layer (berth's stand-in for ECR's pre-signed S3 URLs, ref ecr §2.6). */
  readonly layerUrl: (digest: string) => Promise<string>;
  /** berth's URL, `http://127.0.0.1:<port>`; ECR's registry door is `localhost` on the same port (engines/ecr). */
  readonly endpoint: () => string;
  /** The pull-through cache's upstream side: the rules' secrets and the upstream registries (upstream-ports.ts). */
  readonly upstream: { readonly secrets: UpstreamSecrets; readonly images: UpstreamImages };
}

export interface EcrService {
  readonly definition: JsonServiceDefinition;
  /** What the registry asks of ECR for `AWS:<token>` logins (wired by the composition). */
  readonly registry: EcrRegistryAuthorization;
}

/** Amazon ECR's API (routing in ecr-routing.ts); its images are berth's registry's (ref ecr §1, §2). */
export function createEcrService(deps: EcrDeps): EcrService {
  const store = new RepositoryStore(deps.persistence);
  const access = new EcrAccess(store, deps.authorizer, deps.partition);
  const registryHost = () => ecrRegistryHost(deps.endpoint());
  const registryUrl = () => `http://${registryHost()}`;
  const repositories = new Repositories({
    store,
    access,
    images: deps.images,
    clock: deps.clock,
    registryHost,
  });
  const images = new Images({ access, repositories, images: deps.images, layerUrl: deps.layerUrl });
  const uploads = new LayerUploads({ images, store: deps.images, uploads: deps.layerUploads });
  const tokens = new AuthTokens(deps);
  const rules = new PullThroughRules({
    store: new PullThroughRuleStore(deps.persistence),
    access,
    secrets: deps.upstream.secrets,
    clock: deps.clock,
  });
  const operations = {
    ...repositoryOperations(repositories),
    ...pullThroughOperations(rules),
    ...imageOperations({ images, uploads, tokens, proxyEndpoint: registryUrl, authorizer: deps.authorizer }),
  };
  return {
    definition: withOperations(ecrRouting, operations, translateEngineError),
    registry: new EcrRegistryAuthorization({
      tokens,
      access,
      store,
      repositories,
      images: deps.images,
      cache: new PullThroughCache({
        rules,
        access,
        store,
        repositories,
        images: deps.images,
        upstream: deps.upstream.images,
      }),
      clock: deps.clock,
    }),
  };
}

/** A repository policy IAM's grammar refuses (moto's text; ref ecr §1.3 SetRepositoryPolicy, [UNCONFIRMED]). */
function translateEngineError(error: BerthError): ServiceError | undefined {
  if (error.code !== 'BERTH_MALFORMED_POLICY') return undefined;
  return new ServiceError(
    'InvalidParameterException',
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'",
  );
}
