// What the agent's SDK clients share: their configuration as the execution role, and how they report a failed call
// through the agent's ports (agent/task/ports.ts).
import { AwsCallError, AwsTransportError } from '../../agent/task/ports.js';
import type { ExecutionCredentials } from '../../engines/ecs/index.js';
import { describeNetworkFailure } from '../../registry/client/index.js';

/**
 * A client's settings as the ECS agent makes them: the execution role's static credentials, the region, the standard
 * retryer with `maxAttempts`, and a limit per round trip. One client per call: each task has its own credentials.
 */
export function executionRoleClientConfig(
  region: string,
  credentials: ExecutionCredentials,
  options: { endpoint?: string; maxAttempts: number; timeoutMs: number },
) {
  return {
    region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey.reveal(),
      sessionToken: credentials.sessionToken.reveal(),
      expiration: credentials.expiration,
    },
    maxAttempts: options.maxAttempts,
    requestHandler: {
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

interface SdkMetadata {
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  readonly attempts?: number;
}

/**
 * The SDK's error as the agent's port describes it (`ServiceException`: the client's service exception class);
 * anything unrecognised is rethrown as is.
 */
export function toAgentError(
  error: unknown,
  url: string,
  ServiceException: abstract new (...args: never[]) => Error & { readonly $fault: 'client' | 'server' },
): unknown {
  const metadata: SdkMetadata = (error as { $metadata?: SdkMetadata } | undefined)?.$metadata ?? {};
  const attempts = metadata.attempts ?? 1;
  if (error instanceof ServiceException && metadata.httpStatusCode !== undefined) {
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
