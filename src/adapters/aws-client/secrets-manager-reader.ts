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
import type { GetSecretValueRequest, GetSecretValueResult, SecretsReader } from '../../agent/task/ports.js';
import { executionRoleClientConfig, toAgentError } from './sdk-errors.js';

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
      const client = new SecretsManagerClient(
        executionRoleClientConfig(request.region, request.credentials, {
          endpoint: options.endpoint,
          maxAttempts: options.maxAttempts ?? defaultMaxAttempts,
          timeoutMs,
        }),
      );
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
        throw toAgentError(
          error,
          endpointUrl(options.endpoint, request.region),
          SecretsManagerServiceException,
        );
      } finally {
        client.destroy();
      }
    },
  };
}

/** The URL the SDK posts to, for the texts that quote it (`Post "<url>": …`). */
function endpointUrl(endpoint: string | undefined, region: string): string {
  const base = endpoint ?? `https://secretsmanager.${region}.amazonaws.com`;
  return base.endsWith('/') ? base : `${base}/`;
}
