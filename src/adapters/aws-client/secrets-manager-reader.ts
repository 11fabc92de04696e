/**
 * The agent's Secrets Manager client (agent/task/ports.ts SecretsReader) on the AWS SDK v3, configured as the ECS
 * agent configures its own (reference ecs-private-auth.md §1.3, §5.5): static execution-role credentials, the
 * region ECS chose for the secret, the SDK's standard retryer (3 attempts, retrying only throttling, 5xx and
 * transient network errors, so a client error is tried once), and a 5 s limit per round trip.
 */
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import {
  AwsCallError,
  AwsTransportError,
  type GetSecretValueRequest,
  type GetSecretValueResult,
  type SecretsReader,
} from '../../agent/task/ports.js';
import { describeNetworkFailure } from '../../registry/client/index.js';

export interface SecretsManagerReaderOptions {
  /** berth's endpoint (`http://127.0.0.1:PORT`); omitted: AWS's regional endpoint. */
  readonly endpoint?: string;
  /** Per round trip; the agent's HTTP client uses 5 s. */
  readonly timeoutMs?: number;
  /** The SDK's standard retryer's attempts. */
  readonly maxAttempts?: number;
}

const defaultTimeoutMs = 5000;
const defaultMaxAttempts = 3;

export function createSecretsManagerReader(options: SecretsManagerReaderOptions = {}): SecretsReader {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  return {
    async getSecretValue(request: GetSecretValueRequest): Promise<GetSecretValueResult> {
      const { credentials } = request;
      // One client per call: each task has its own execution-role credentials, and none outlive the call.
      const client = new SecretsManagerClient({
        region: request.region,
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey.reveal(),
          sessionToken: credentials.sessionToken.reveal(),
          expiration: credentials.expiration,
        },
        maxAttempts: options.maxAttempts ?? defaultMaxAttempts,
        requestHandler: {
          connectionTimeout: timeoutMs,
          requestTimeout: timeoutMs,
          throwOnRequestTimeout: true,
        },
      });
      try {
        const output = await client.send(
          new GetSecretValueCommand({
            SecretId: request.secretId,
            ...(request.versionStage === undefined ? {} : { VersionStage: request.versionStage }),
            ...(request.versionId === undefined ? {} : { VersionId: request.versionId }),
          }),
        );
        return {
          ...(output.SecretString === undefined ? {} : { secretString: output.SecretString }),
          ...(output.SecretBinary === undefined ? {} : { secretBinary: output.SecretBinary }),
        };
      } catch (error) {
        throw toAgentError(error, endpointUrl(options.endpoint, request.region));
      } finally {
        client.destroy();
      }
    },
  };
}

interface SdkMetadata {
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  readonly attempts?: number;
}

/** The SDK's error as the agent's port describes it; anything unrecognised is rethrown as is. */
function toAgentError(error: unknown, url: string): unknown {
  const metadata: SdkMetadata = (error as { $metadata?: SdkMetadata } | undefined)?.$metadata ?? {};
  const attempts = metadata.attempts ?? 1;
  if (error instanceof SecretsManagerServiceException && metadata.httpStatusCode !== undefined) {
    return new AwsCallError({
      // Unmodeled errors (AccessDeniedException) arrive as the service exception with the wire code as name.
      code: error.name,
      message: error.message,
      statusCode: metadata.httpStatusCode,
      requestId: metadata.requestId ?? '',
      fault: error.$fault,
      attempts,
    });
  }
  if (isTimeout(error)) {
    return new AwsTransportError({ url, detail: 'context deadline exceeded', timedOut: true, attempts });
  }
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    const { detail } = describeNetworkFailure(error, new URL(url));
    return new AwsTransportError({ url, detail, timedOut: false, attempts });
  }
  return error;
}

function isTimeout(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  return e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT';
}

/** The URL the SDK posts to, for the texts that quote it (`Post "<url>": …`). */
function endpointUrl(endpoint: string | undefined, region: string): string {
  const base = endpoint ?? `https://secretsmanager.${region}.amazonaws.com`;
  return base.endsWith('/') ? base : `${base}/`;
}
