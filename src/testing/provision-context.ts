import { Secret } from '../errors/index.js';
import type { ProvisionContext } from '../services/cloudformation/resource-provisioner.js';

/** A ProvisionContext for tests that call the providers directly (no CloudFormation engine in between). */
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
