import type { ProvisionContext } from '../../services/cloudformation/resource-provisioner.js';

// The providers of ECS, ELBv2, EC2 and Logs are clients of berth's public API at `endpoint`, signing with the
// deployment's temporary credentials, so IAM decides for CloudFormation as on AWS (ref cloudformation-cdk §8.2).
// A local factory: the CloudFormation part's shared clients file was not on this branch's base when these were written.

/** What every SDK v3 client constructor accepts, and all a provider sets. */
export interface ProviderClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** One attempt: CloudFormation's retries are the engine's business, and a hidden retry hides a failure. */
  readonly maxAttempts: number;
}

interface SdkClient {
  destroy(): void;
}

export function providerClientConfig(endpoint: string, context: ProvisionContext): ProviderClientConfig {
  const { accessKeyId, secretAccessKey, sessionToken } = context.credentials;
  return {
    endpoint,
    region: context.region,
    credentials: {
      accessKeyId,
      secretAccessKey: secretAccessKey.reveal(),
      ...(sessionToken ? { sessionToken: sessionToken.reveal() } : {}),
    },
    maxAttempts: 1,
  };
}

/** Runs `use` with a client of `Client` made for this context's credentials, and releases its sockets after. */
export async function withClient<C extends SdkClient, T>(
  Client: new (config: ProviderClientConfig) => C,
  endpoint: string,
  context: ProvisionContext,
  use: (client: C) => Promise<T>,
): Promise<T> {
  const client = new Client(providerClientConfig(endpoint, context));
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}
