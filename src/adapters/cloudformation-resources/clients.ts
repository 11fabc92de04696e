import type { DeployCredentials } from '../../services/cloudformation/index.js';

/** How the resource providers reach berth: its endpoint URL, and how a request is sent (tests send in process). */
export interface ProvisioningEndpoint {
  /** berth's own URL (PartDeps.endpoint): known once the server listens, which is before any stack operation. */
  readonly url: () => string;
  /** An SDK request handler instead of HTTP (the in-process harness). */
  readonly requestHandler?: unknown;
}

/** The configuration of an AWS SDK v3 client acting as a stack operation's credentials against berth itself. */
export interface ClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly maxAttempts: number;
  readonly forcePathStyle: true;
  readonly requestHandler?: never;
}

/**
 * SDK client settings for one provider call: berth's endpoint, the operation's region and credentials (so IAM
 * decides for CloudFormation as on AWS; ref cloudformation-cdk §8.2), path-style S3 (berth serves buckets on one
 * host). Secrets are revealed here only, into the SDK's signer.
 */
export function clientConfig(
  endpoint: ProvisioningEndpoint,
  credentials: DeployCredentials,
  region: string,
): ClientConfig {
  return {
    endpoint: endpoint.url(),
    region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey.reveal(),
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken.reveal() }),
    },
    maxAttempts: 3,
    forcePathStyle: true,
    ...(endpoint.requestHandler === undefined ? {} : { requestHandler: endpoint.requestHandler as never }),
  };
}

/** An AWS error's name (`ParameterNotFound`) and message, for providers that turn them into CloudFormation reasons. */
export function awsErrorOf(error: unknown): { readonly name: string; readonly message: string } {
  const e = error as { name?: unknown; message?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
  };
}
