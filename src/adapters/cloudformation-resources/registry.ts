import type {
  ProvisionContext,
  ResourceProvisioner,
  UpdateBehaviour,
} from '../../services/cloudformation/index.js';
import type { ProvisioningEndpoint } from './clients.js';
import { cloudformationProviders } from './cloudformation.js';
import { ec2ResourceTypes } from './ec2.js';
import { ecrProviders } from './ecr.js';
import { ecsResourceTypes } from './ecs.js';
import { elbv2ResourceTypes } from './elbv2.js';
import { iamProviders } from './iam.js';
import { kmsProviders } from './kms.js';
import { logsResourceTypes } from './logs.js';
import { providerCall, type ResourceProvider } from './provider.js';
import { s3Providers } from './s3.js';
import { secretsManagerProviders } from './secretsmanager.js';
import { ssmProviders } from './ssm.js';

/** Every resource type berth deploys, one spread per AWS service file. Add a service with one line. */
const providers: Readonly<Record<string, ResourceProvider>> = {
  ...cloudformationProviders,
  ...ec2ResourceTypes,
  ...ecrProviders,
  ...ecsResourceTypes,
  ...elbv2ResourceTypes,
  ...iamProviders,
  ...kmsProviders,
  ...logsResourceTypes,
  ...s3Providers,
  ...secretsManagerProviders,
  ...ssmProviders,
};

/** The types berth deploys (docs and `berth doctor` list them). */
export const supportedResourceTypes: readonly string[] = Object.keys(providers).sort();

/**
 * The ResourceProvisioner the CloudFormation service deploys with: each type's provider, acting through berth's
 * public APIs at `endpoint` with the operation's credentials.
 */
export function resourceProvisioner(endpoint: ProvisioningEndpoint): ResourceProvisioner {
  const provider = (type: string): ResourceProvider => {
    const found = Object.hasOwn(providers, type) ? providers[type] : undefined;
    if (!found) throw new Error(`berth does not support resource type ${type}`);
    return found;
  };
  const call = (context: ProvisionContext) => providerCall(endpoint, context);
  return {
    supports: (type) => Object.hasOwn(providers, type),
    updateBehaviour: (type, changed): UpdateBehaviour => {
      const p = provider(type);
      if (!p.update) return 'replacement';
      return changed.some((name) => p.createOnly?.includes(name)) ? 'replacement' : 'no-interruption';
    },
    create: (type, properties, context) => provider(type).create(properties, call(context)),
    update: async (type, physicalId, properties, previous, context) => {
      const p = provider(type);
      if (!p.update) return p.create(properties, call(context));
      return p.update(physicalId, properties, previous, call(context));
    },
    delete: (type, physicalId, properties, context) =>
      provider(type).delete(physicalId, properties, call(context)),
  };
}
