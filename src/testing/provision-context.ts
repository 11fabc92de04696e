import { randomInt } from 'node:crypto';
import type { ProviderCall } from '../adapters/cloudformation-resources/provider-contract.js';
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

/** A ProviderCall against berth at `endpoint`: SDK clients with the context's credentials, one attempt each. */
export function providerCall(endpoint: string, context: ProvisionContext): ProviderCall {
  const { accessKeyId, secretAccessKey } = context.credentials;
  return {
    context,
    client: (Client) =>
      new Client({
        endpoint,
        region: context.region,
        credentials: { accessKeyId, secretAccessKey: secretAccessKey.reveal() },
        maxAttempts: 1,
      }),
    generatedName: (max = 64) => generatedName(context, max),
  };
}

const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * `<StackName>-<LogicalId>-<RANDOM>` as CloudFormation generates physical names (e.g.
 * `MyStack-MyECSCluster-NT5EUXTNTXXD`, ref cloudformation-cdk §5.2), cut to `limit`: the stack and logical parts share
 * what the 12-character suffix leaves.
 */
export function generatedName(context: ProvisionContext, limit: number): string {
  let suffix = '';
  for (let i = 0; i < 12; i++) suffix += suffixAlphabet[randomInt(suffixAlphabet.length)];
  const room = limit - suffix.length - 2;
  const { stackName, logicalId } = context;
  if (stackName.length + logicalId.length <= room) return `${stackName}-${logicalId}-${suffix}`;
  const stackPart = Math.min(stackName.length, Math.max(Math.floor(room / 2), room - logicalId.length));
  return `${stackName.slice(0, stackPart)}-${logicalId.slice(0, room - stackPart)}-${suffix}`;
}
