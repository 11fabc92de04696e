// The ECS client of berth's task commands, and how they report a failed call. Loaded only by the commands'
// implementations: the SDK is too heavy for every `berth` start.
import { ECSClient, ECSServiceException } from '@aws-sdk/client-ecs';
import { explainStoppedReason } from '../../engines/ecs/explain-stopped-reason.js';
import { badInput, exitCodes } from '../cli-error.js';
import { readRunningInstance } from '../state-location.js';
import type { EcsTargetOptions } from './ecs-options.js';

export interface EcsConnection {
  readonly client: ECSClient;
  /** Where the calls go, for messages. */
  readonly endpoint: string;
  /** The client's settings, for another service's client on the same endpoint (EC2's default subnet). */
  readonly config: {
    readonly endpoint: string;
    readonly region?: string;
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
}

/**
 * An ECS client for, in this order: `--endpoint-url` (credentials and region from the SDK's usual chain);
 * without `--state`, the endpoint of the AWS environment (`AWS_ENDPOINT_URL_ECS`, `AWS_ENDPOINT_URL`, e.g. after
 * `eval "$(berth env)"`); else the berth running on the state dir, with its root credentials.
 */
export function connectEcs(options: Pick<EcsTargetOptions, 'state' | 'endpointUrl'>): EcsConnection {
  // berth supports Node 20 (DESIGN.md); the SDK's notice that its future releases will not would only clutter the
  // output of every command on it. Read when a client is created.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const fromEnvironment =
    options.state === undefined
      ? (process.env.AWS_ENDPOINT_URL_ECS ?? process.env.AWS_ENDPOINT_URL)
      : undefined;
  const endpoint = options.endpointUrl ?? (fromEnvironment === '' ? undefined : fromEnvironment);
  if (endpoint !== undefined) {
    if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
      throw badInput(`--endpoint-url ${endpoint} is not an http(s) URL`);
    }
    return { client: new ECSClient({ endpoint }), endpoint, config: { endpoint } };
  }
  const instance = readRunningInstance(options.state);
  const config = {
    endpoint: instance.endpoint,
    region: instance.region,
    credentials: {
      accessKeyId: instance.accessKeyId,
      // Handed to the SDK only, which signs with it; it is never printed.
      secretAccessKey: instance.secretAccessKey.reveal(),
    },
  };
  return { client: new ECSClient(config), endpoint: instance.endpoint, config };
}

/**
 * Prints a failed ECS call as `berth: <Operation>: <Exception>: <AWS's message>`, with the likely cause when the text
 * is a known misconfiguration, and returns exit code 3. A call that never got an answer is reported as unreachable.
 * Anything else is not an ECS failure and is thrown on.
 */
export function reportEcsFailure(error: unknown, operation: string, endpoint: string): number {
  if (error instanceof ECSServiceException) {
    const text = `${error.name}: ${error.message}`;
    console.error(`berth: ${operation}: ${text}`);
    printLikelyCause(text);
    return exitCodes.failure;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH)$/.test(code)
  ) {
    console.error(
      `berth: ${operation}: cannot reach the ECS endpoint ${endpoint}: ${(error as Error).message}`,
    );
    return exitCodes.failure;
  }
  throw error;
}

/** `likely cause: … [C1]` on stderr, when the text is a known misconfiguration. */
export function printLikelyCause(text: string): void {
  const explanation = explainStoppedReason(text);
  if (explanation !== undefined) console.error(`likely cause: ${explanation.summary} [${explanation.code}]`);
}
