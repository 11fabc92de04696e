/**
 * The SDK's errors as the agent's ports describe them (agent/task/ports.ts): AwsCallError when the service answered,
 * AwsTransportError when no answer came. Shared by the agent's clients (Secrets Manager, CloudWatch Logs).
 */
import { AwsCallError, AwsTransportError } from '../../agent/task/ports.js';
import { describeNetworkFailure } from '../../registry/client/index.js';

interface SdkMetadata {
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  readonly attempts?: number;
}

/**
 * `error` as an agent error; anything unrecognised is returned as is. `isServiceError` tells the client's service
 * exception class (unmodeled errors such as AccessDeniedException arrive as it, with the wire code as name).
 */
export function toAgentError(
  error: unknown,
  url: string,
  isServiceError: (error: unknown) => boolean,
): unknown {
  const metadata: SdkMetadata = (error as { $metadata?: SdkMetadata } | undefined)?.$metadata ?? {};
  const attempts = metadata.attempts ?? 1;
  if (isServiceError(error) && metadata.httpStatusCode !== undefined) {
    const e = error as Error & { $fault: 'client' | 'server' };
    return new AwsCallError({
      code: e.name,
      message: e.message,
      statusCode: metadata.httpStatusCode,
      requestId: metadata.requestId ?? '',
      fault: e.$fault,
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
export function endpointUrl(endpoint: string | undefined, service: string, region: string): string {
  const base = endpoint ?? `https://${service}.${region}.amazonaws.com`;
  return base.endsWith('/') ? base : `${base}/`;
}

/** What an agent client is configured with. */
export interface AgentClientOptions {
  /** berth's endpoint (`http://127.0.0.1:PORT`); omitted: AWS's regional endpoint. */
  readonly endpoint?: string;
  /** Per round trip; the agent's HTTP client uses 5 s. */
  readonly timeoutMs?: number;
  /** The SDK's standard retryer's attempts. */
  readonly maxAttempts?: number;
}

/** The agent's SDK settings (ref ecs-private-auth §1.3, §5.5): the standard retryer and a limit per round trip. */
export function agentClientConfig(
  options: AgentClientOptions,
  region: string,
  credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: { reveal(): string };
    readonly sessionToken: { reveal(): string };
    readonly expiration: Date;
  },
) {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey.reveal(),
      sessionToken: credentials.sessionToken.reveal(),
      expiration: credentials.expiration,
    },
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
  };
}
