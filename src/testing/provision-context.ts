import {
  type ProviderCall,
  providerCall as realProviderCall,
} from '../adapters/cloudformation-resources/provider.js';
import { Secret } from '../errors/index.js';
import type { ProvisionContext } from '../services/cloudformation/resource-provisioner.js';

// What CloudFormation's deploy engine hands a resource provider, for tests that call the providers directly.

/** A ProvisionContext for stack WebStack in 000000000000/us-east-1 acting with `credentials`. */
export function provisionContext(
  credentials: { accessKeyId: string; secretAccessKey: string },
  options: Partial<Omit<ProvisionContext, 'credentials'>> = {},
): ProvisionContext {
  const stackName = options.stackName ?? 'WebStack';
  return {
    stackName,
    stackId: `arn:aws:cloudformation:us-east-1:000000000000:stack/${stackName}/1b0c5c90-0000-4000-8000-000000000000`,
    account: '000000000000',
    region: 'us-east-1',
    logicalId: 'Resource',
    stackTags: {},
    signal: new AbortController().signal,
    ...options,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: new Secret(credentials.secretAccessKey),
    },
  };
}

/** A ProviderCall against berth at `endpoint`: the providers' own, with the context's credentials. */
export function providerCall(endpoint: string, context: ProvisionContext): ProviderCall {
  return realProviderCall({ url: () => endpoint }, context);
}
