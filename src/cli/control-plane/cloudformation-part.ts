import { once } from '../../engines/concurrency/index.js';
import { cloudformationRouting } from '../../services/cloudformation/cloudformation-routing.js';
import type { StackRecord } from '../../services/cloudformation/domain/records.js';
import type {
  CloudFormationService,
  DeployPorts,
  ResourceProvisioner,
} from '../../services/cloudformation/index.js';
import { cloudformationCollections } from '../../services/cloudformation/store.js';
import { iamStsPort } from './iam-sts-part.js';
import { lazyService, type Part, type PartDeps } from './part.js';

export interface CloudFormationPartSetup {
  /** How providers and lookups send their requests (tests: in process); default HTTP to berth's endpoint. */
  readonly requestHandler?: unknown;
  /** Resource providers instead of adapters/cloudformation-resources (tests). */
  readonly provisioner?: () => ResourceProvisioner;
  /** Lookups (SSM parameters, dynamic references, zones, TemplateURL) instead of the SDK ones (tests). */
  readonly lookups?: Omit<DeployPorts, 'credentials'>;
}

/**
 * CloudFormation, deploying through resource providers that call berth's public APIs as the stack role (assumed
 * through STS as cloudformation.amazonaws.com) or as the caller. The service, its providers and the SDK clients load
 * on CloudFormation's first request — or at start when the previous `berth up` left a stack operation running, so
 * that it is reported failed before anyone asks (cloudformation-context.ts `recover`).
 */
export function cloudformationPart(setup: CloudFormationPartSetup = {}): Part {
  return {
    name: 'cloudformation',
    requires: [iamStsPort],
    build({ deps, need }) {
      let service: CloudFormationService | undefined;
      let lookup: ((accessKeyId: string) => Promise<unknown>) | undefined;
      const load = once(async () => {
        const [{ createCloudFormationService }, { cloudformationCredentials }, iamSts] = await Promise.all([
          import('../../services/cloudformation/index.js'),
          import('./cloudformation-credentials.js'),
          need(iamStsPort),
        ]);
        // Over HTTPS: a bucket policy may deny requests without aws:SecureTransport (the CDK bootstrap bucket's does),
        // and CloudFormation reaches S3 over TLS on AWS too.
        const endpoint = setup.requestHandler
          ? { url: deps.endpoint, requestHandler: setup.requestHandler }
          : secureProvisioning(deps, (await import('./trusting-https-handler.js')).trustingHttpsHandler);
        const credentials = cloudformationCredentials({ ...iamSts, random: deps.random });
        lookup = credentials.lookup;
        const lookups =
          setup.lookups ??
          (await import('../../adapters/cloudformation-resources/deploy-lookups.js')).deployLookups(endpoint);
        service = createCloudFormationService({
          ...deps,
          ports: { ...lookups, credentials: credentials.credentials },
          provisioner: once(async () =>
            setup.provisioner
              ? setup.provisioner()
              : (await import('../../adapters/cloudformation-resources/registry.js')).resourceProvisioner(
                  endpoint,
                ),
          ),
        });
        service.recover();
        return service;
      });
      return {
        services: [lazyService(cloudformationRouting, async () => (await load()).definition)],
        // Keys minted for callers' operations are known only once the service has minted some.
        credentials: async (accessKeyId) => (lookup ? ((await lookup(accessKeyId)) as never) : undefined),
        start: async () => {
          if (hasRunningOperation(deps)) await load();
        },
        stop: async () => {
          service?.close();
        },
      };
    },
  };
}

function hasRunningOperation(deps: PartDeps): boolean {
  return deps.persistence
    .list<StackRecord>(cloudformationCollections.stacks)
    .some((stack) => stack.status.endsWith('_IN_PROGRESS') && stack.status !== 'REVIEW_IN_PROGRESS');
}

/**
 * berth's HTTPS listener as the providers' endpoint. Read when a request is made, not when the service loads: a
 * service loaded at start (to recover an interrupted operation) exists before berth listens.
 */
function secureProvisioning(deps: PartDeps, handler: (caPath: string) => unknown) {
  let made: unknown;
  return {
    url: () => deps.secureEndpoint().url,
    get requestHandler() {
      made ??= handler(deps.secureEndpoint().caPath);
      return made;
    },
  };
}
