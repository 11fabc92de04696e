/**
 * Every ECS-visible text of an image pull, in one catalogue (DESIGN.md: agent/messages.ts). Each text is built from
 * the pieces ECS shows verbatim in reference/ecs-private-auth.md §3 (Fargate §3.3, EC2 §3.2, decision table §7);
 * messages.test.ts pins every builder to those strings byte for byte. Callers fill in references, URLs and statuses;
 * they never write these words themselves.
 *
 * Fargate's agent is closed source, but its pull texts are containerd's errors under a retry prefix:
 * `CannotPullContainerError: pull image manifest has been retried N time(s): failed to resolve ref <ref>: <err>` for
 * the resolve step, `… ref pull has been retried N time(s): failed to copy: <err>` for blob copies.
 */
import { STATUS_CODES } from 'node:http';

/** The error names ECS prefixes reasons with. */
const ecsErrorNames = {
  cannotPullContainer: 'CannotPullContainerError',
  cannotPullImageManifest: 'CannotPullImageManifestError',
} as const;

/** `401 Unauthorized`: Go's `resp.Status`. */
export function httpStatus(status: number): string {
  const text = STATUS_CODES[status];
  return text === undefined ? String(status) : `${status} ${text}`;
}

/** Pieces containerd puts inside the texts (core/remotes). */
const containerdTexts = {
  /** `unexpected status from GET request to <url>: 401 Unauthorized` (remotes/errors ErrUnexpectedStatus). */
  unexpectedStatus: (method: string, url: string, status: number) =>
    `unexpected status from ${method} request to ${url}: ${httpStatus(status)}`,
  /** `failed to fetch anonymous token: <err>` / `failed to fetch oauth token: <err>` (docker/authorizer.go). */
  fetchToken: (kind: 'anonymous' | 'oauth', detail: string) => `failed to fetch ${kind} token: ${detail}`,
  /** `failed to authorize: <err>` (docker/resolver.go, request.do). */
  authorize: (detail: string) => `failed to authorize: ${detail}`,
  /** `failed to do request: Head "<url>": <net error>` (resolver.go; Go's url.Error). */
  doRequest: (method: string, url: string, detail: string) =>
    `failed to do request: ${method.charAt(0)}${method.slice(1).toLowerCase()} "${url}": ${detail}`,
  /** `<ref>: not found` (resolver.go: every host answered 404). */
  notFound: (ref: string) => `${ref}: not found`,
  /** `httpReadSeeker: failed open: unexpected status code <url>: 429 Too Many Requests - Server message: …`. */
  failedOpen: (url: string, status: number, serverMessage?: string) =>
    `httpReadSeeker: failed open: unexpected status code ${url}: ${httpStatus(status)}` +
    (serverMessage === undefined ? '' : ` - Server message: ${serverMessage}`),
  /** `httpReadSeeker: failed open: content at <url> not found: not found` (docker/fetcher.go on 404). */
  contentNotFound: (url: string) => `httpReadSeeker: failed open: content at ${url} not found: not found`,
} as const;

/** Fargate's texts (ref ecs-private-auth §3.3 and the decision table's Fargate column). */
const fargatePullMessages = {
  /** The resolve step (manifest HEAD/GET, token): 401, 403, network, and (INF) not found. */
  resolveFailed: (ref: string, detail: string, retries = 1) =>
    `${ecsErrorNames.cannotPullContainer}: pull image manifest has been retried ${retries} time(s): failed to resolve ref ${ref}: ${detail}`,
  /** No manifest for the task's platform. */
  platformMismatch: (platform: string, retries = 1) =>
    `${ecsErrorNames.cannotPullContainer}: pull image manifest has been retried ${retries} time(s): image Manifest does not contain descriptor matching platform '${platform}'`,
  /** The copy step (blob downloads): 429 on a GET, other statuses, broken transfers. */
  copyFailed: (detail: string, retries = 1) =>
    `${ecsErrorNames.cannotPullContainer}: ref pull has been retried ${retries} time(s): failed to copy: ${detail}`,
  /** Anything else that stops a pull (unpack, disk): containerd's error under the plain error name. */
  other: (detail: string) => `${ecsErrorNames.cannotPullContainer}: ${detail}`,
} as const;

/** EC2's texts (Docker daemon words, ref ecs-private-auth §3.2 and the decision table's EC2 column). */
const ec2PullMessages = {
  /** Tag or repository missing, in the manifest step. */
  manifestUnknown: (registryMessage: string) =>
    `${ecsErrorNames.cannotPullImageManifest}: Error response from daemon: manifest unknown: ${registryMessage}`,
  /** A digest reference that is missing, in the pull step. */
  manifestNotFound: (ref: string) =>
    `${ecsErrorNames.cannotPullContainer}: Error response from daemon: manifest for ${ref} not found: manifest unknown: manifest unknown`,
  /** A rate limit, in the manifest step (the registry's own message follows `toomanyrequests: `). */
  tooManyRequests: (registryMessage: string) =>
    `${ecsErrorNames.cannotPullImageManifest}: Error response from daemon: toomanyrequests: ${registryMessage}`,
  /** Docker's platform text arrives in the pull stream, so it has no "Error response from daemon" (INF prefix). */
  platformMismatch: (platform: string) =>
    `${ecsErrorNames.cannotPullContainer}: no matching manifest for ${platform} in the manifest list entries`,
} as const;

/**
 * The agent's own error texts for registry credentials and container secrets (ref ecs-private-auth §1.3, §1.4, §3.1, §6.6;
 * `agent/asm/asm.go`, `agent/taskresource/asmauth`, `agent/taskresource/asmsecret`), lower-case as the agent
 * writes them: EC2 shows them through `ec2TerminalReason`, Fargate inside its ResourceInitializationError.
 */
const agentResourceTexts = {
  emptySecretValue: 'asm fetching authorization data: empty secrets value',
  invalidSchema: 'asm fetching authorization data: unable to unmarshal secret value, invalid schema',
  emptyUsername: 'asm fetching username: AuthorizationData is malformed, empty field',
  emptyPassword: 'asm fetching password: AuthorizationData is malformed, empty field',
  asmAuthNoCredentials: 'asm resource: unable to find execution role credentials',
  asmSecretNoCredentials: 'ASM secret resource: unable to find execution role credentials',
  /** GetDockerAuthFromASM: `errors.Wrapf(err, "asm fetching secret from the service for %s", secretID)`. */
  asmFetchFailed: (secretId: string, sdkError: string) =>
    `asm fetching secret from the service for ${secretId}: ${sdkError}`,
  /** GetSecretFromASMWithInput, ResourceNotFoundException (note `ARN %sfrom` with `'<id>' ` substituted). */
  secretNotFound: (secretId: string, sdkError: string) =>
    `ResourceNotFoundException: The task can't retrieve the secret with ARN '${secretId}' from AWS Secrets Manager. Check whether the secret exists in the specified Region: ${sdkError}`,
  /** Any other API error: `errors.Wrap(err, "secret <id>: " + err.Error())` prints the SDK error twice. */
  secretFetchFailed: (secretId: string, sdkError: string) => `secret ${secretId}: ${sdkError}: ${sdkError}`,
  invalidSecretArnFormat:
    'an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.',
  unusableValueFrom: (valueFrom: string, detail: string) =>
    `trying to retrieve secret with value ${valueFrom} resulted in error: ${detail}`,
  missingJsonKey: (key: string) => `retrieved secret from Secrets Manager did not contain json key ${key}`,
  /** ssmsecret.go: a GetParameters batch failed (ref ecs-private-auth §6.6). */
  ssmFetchFailed: (region: string, detail: string) =>
    `fetching secret data from SSM Parameter Store in ${region}: ${detail}`,
  /** agent/ssm/ssm.go: `invalid parameters: <a,b>` when InvalidParameters is not empty (ref ecs-private-auth §6.6). */
  ssmInvalidParameters: (names: readonly string[]) => `invalid parameters: ${names.join(',')}`,
} as const;

/** How the AWS SDKs print an error (ref ecs-private-auth §3): v2 in the EC2 agent, v1 in the Fargate agent. */
const awsSdkTexts = {
  /** smithy-go: `<Code>: <Message>` for errors the operation models, `api error <Code>: <Message>` otherwise. */
  v2ApiError: (code: string, message: string, modeled: boolean) =>
    modeled ? `${code}: ${message}` : `api error ${code}: ${message}`,
  /** OperationError around ResponseError. */
  v2ResponseError: (
    service: string,
    operation: string,
    status: number,
    requestId: string,
    apiError: string,
  ) =>
    `operation error ${service}: ${operation}, https response error StatusCode: ${status}, RequestID: ${requestId}, ${apiError}`,
  /** No response: the retryer's MaxAttemptsError around a request-send failure (ref ecs-private-auth §3, INF shape). */
  v2SendError: (service: string, operation: string, attempts: number, url: string, detail: string) =>
    `operation error ${service}: ${operation}, ` +
    (attempts > 1 ? `exceeded maximum number of attempts, ${attempts}, ` : '') +
    `https response error StatusCode: 0, RequestID: , request send failed, Post "${url}": ${detail}`,
  /** awserr.RequestFailure: `<Code>: <Message>\n\tstatus code: <n>, request id: <id>`. */
  v1Error: (code: string, message: string, status: number, requestId: string) =>
    `${code}: ${message}\n\tstatus code: ${status}, request id: ${requestId}`,
  /** A v1 timeout (OBS §3.3). */
  v1RequestCanceled: 'RequestCanceled: request context canceled\ncaused by: context deadline exceeded',
  /** A v1 send failure (the ECR variant of §3.3, with today's quoted URL). */
  v1RequestError: (url: string, detail: string) =>
    `RequestError: send request failed\ncaused by: Post "${url}": ${detail}`,
} as const;

const fargateResourcePrefix =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';

/** Fargate's task stoppedReasons for secrets and registry auth (ref ecs-private-auth §3.3, §1.9). */
const fargateResourceTexts = {
  /** `… unable to retrieve secret from asm: service call has been retried N time(s): <detail>`. */
  asmRetrievalFailed: (attempts: number, detail: string) =>
    `${fargateResourcePrefix}unable to retrieve secret from asm: service call has been retried ${attempts} time(s): ${detail}`,
  fetchSecretFailed: (secretId: string, sdkError: string) =>
    `failed to fetch secret ${secretId} from secrets manager: ${sdkError}`,
  /** ECR's token (ref ecs-private-auth §3.3 older wording, §3.4; ref ecr §3.4 SDK v1 form). */
  ecrAuthFailed: (attempts: number, detail: string) =>
    `${fargateResourcePrefix}unable to retrieve ecr registry auth: service call has been retried ${attempts} time(s): ${detail}`,
  /** Appended to transport failures (§3.3 network variant). */
  checkNetwork: (text: string) => `${text}. Please check your task network configuration.`,
  /** [INF] no verbatim Fargate text: the agent's words inside the same wrapper. */
  noExecutionCredentials: `${fargateResourcePrefix}unable to find execution role credentials`,
  /** The Parameter Store wrapper (§3.3 SSM variant: aws/copilot-cli#3104, hashicorp/terraform-provider-aws#33044). */
  ssmRetrievalFailed: (attempts: number, detail: string) =>
    `${fargateResourcePrefix}unable to retrieve secrets from ssm: service call has been retried ${attempts} time(s): ${detail}`,
} as const;

/** Task-level texts (ref ecs-private-auth §3.5). */
const taskTexts = {
  /** EC2: ECR's token could not be had (ref ecs-private-auth §3.4, current agent with SDK v2). */
  cannotPullEcrContainer: (sdkError: string) => `CannotPullECRContainerError: ${sdkError}`,
  essentialContainerExited: 'Essential container in task exited',
  /** A task of a service whose essential container turned UNHEALTHY (ref ecs-services-elb-logs §3.1, observed). */
  failedHealthChecks: 'Task failed container health checks',
  /** EC2: a container failed before the task ran; the error itself is in the container's reason. */
  taskFailedToStart: 'Task failed to start',
  /**
   * A container the runtime could not start (not in the reference; OBS saebyn/glowing-telegram#398 for Fargate,
   * Nextflow's AWS Batch notes for EC2): the runtime's words after OCI runtime create failed, then `: unknown`.
   */
  cannotStartContainer: (launchType: 'FARGATE' | 'EC2', detail: string) =>
    launchType === 'FARGATE'
      ? `CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: ${detail}: unknown`
      : `CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: ${detail}: unknown`,
  /** Docker refusing the container at create (no command, unknown user) [INF: the daemon's text as is]. */
  cannotCreateContainer: (message: string) =>
    `CannotCreateContainerError: Error response from daemon: ${message}`,
  /** runc's own prefix as containerd's shim reports it (`runc create failed: …`); berth runs `runc run`. */
  runcCreateFailed: (detail: string) => `runc create failed: ${detail}`,
  /**
   * berth's words for a task network it could not make (ECS's ENI failures have no counterpart here), in the
   * ResourceInitializationError family ECS uses for everything set up before the containers.
   */
  networkFailed: (message: string) =>
    `ResourceInitializationError: failed to set up the task network: ${message}`,
} as const;

/** Go's `strings.Join(strings.Fields(s), " ")`: whitespace runs, newlines and tabs included, become one space. */
export function collapseWhitespace(text: string): string {
  return text
    .split(/\p{White_Space}+/u)
    .filter((word) => word !== '')
    .join(' ');
}

/**
 * The EC2 agent's `Task.SetTerminalReason` (ref ecs-private-auth §1.8): whitespace collapsed, then the first word through Go's
 * `strings.Title` (each letter after a non-letter upper-cased: `asm` → `Asm`, `arn:aws:x` → `Arn:Aws:X`).
 */
export function ec2TerminalReason(text: string): string {
  const words = collapseWhitespace(text).split(' ');
  if (words[0] === '') return '';
  words[0] = goTitle(words[0]!);
  return words.join(' ');
}

function goTitle(word: string): string {
  let previousSeparates = true;
  let out = '';
  for (const char of word) {
    const upper = char.toUpperCase();
    out += previousSeparates && [...upper].length === 1 ? upper : char;
    previousSeparates = isTitleSeparator(char);
  }
  return out;
}

/** strings.Title's isSeparator: ASCII other than letters, digits and `_`; beyond ASCII, only spaces. */
function isTitleSeparator(char: string): boolean {
  if (char.charCodeAt(0) <= 0x7f) return !/[0-9A-Za-z_]/.test(char);
  if (/[\p{L}\p{Nd}]/u.test(char)) return false;
  return /\p{White_Space}/u.test(char);
}

/** The catalogue. */
export const messages = {
  errorNames: ecsErrorNames,
  containerd: containerdTexts,
  fargate: fargatePullMessages,
  ec2: ec2PullMessages,
  agentResource: agentResourceTexts,
  awsSdk: awsSdkTexts,
  fargateResource: fargateResourceTexts,
  task: taskTexts,
} as const;
