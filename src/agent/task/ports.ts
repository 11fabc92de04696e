/**
 * What the task agent is built from. The composition root (cli/) supplies the implementations: adapters/runc and
 * adapters/netns for the runtime and network, `createRegistryImageSource` over the registry client and the rootfs
 * cache for images, adapters/aws-client for Secrets Manager and SSM Parameter Store.
 */
import type { ExecutionCredentials, LaunchType, TaskStateSink } from '../../engines/ecs/index.js';
import type { ImageConfig } from '../../engines/oci/index.js';
import type { Secret } from '../../errors/index.js';
import type { Clock, Persistence } from '../../ports/index.js';
import type { LayerProgress } from '../../registry/client/index.js';
import type { LogsWriter } from '../awslogs/logs-writer.js';
import type { TaskNetworkProvider } from '../network/task-network.js';
import type { RegistryAuth } from '../resources/registry-auth-secret.js';
import type { ContainerRuntime } from '../runtime/runtime.js';
import type { TaskEndpoints } from '../task-endpoint/index.js';

export interface ImagePullRequest {
  /** The container's `image`, as the task definition gives it. */
  readonly reference: string;
  /** From repositoryCredentials; used for this pull only and never stored. */
  readonly credentials?: RegistryAuth;
  /** Picks the texts of the ImagePullError (Fargate's containerd words or EC2's Docker words). */
  readonly launchType: LaunchType;
  /** Called once the reference is resolved, before layers are fetched (ECS reports the digest early, §5.2). */
  readonly onResolved: (digest: string) => void;
  /** Each layer's progress (waiting, bytes downloaded, complete), for a progress report; ECS's API has no field for it. */
  readonly onProgress?: (progress: LayerProgress) => void;
  /** Aborted when the task is stopped before its pulls finish. */
  readonly signal?: AbortSignal;
  /** The execution role's credentials and the task's region: an ECR image's login (ref ecs-private-auth §4). */
  readonly executionCredentials?: ExecutionCredentials;
  readonly region?: string;
}

export interface PulledImage {
  /** The unpacked image, to be used read-only. */
  readonly rootfs: string;
  readonly config: ImageConfig;
  /** What the reference resolved to (the index digest for a multi-platform image). */
  readonly digest: string;
}

/** Rejects with an ImagePullError (agent/pull) whose `reason` is the container reason ECS would give. */
export interface ImageSource {
  pull(request: ImagePullRequest): Promise<PulledImage>;
}

export interface GetSecretValueRequest {
  readonly region: string;
  readonly secretId: string;
  readonly versionStage?: string;
  readonly versionId?: string;
  readonly credentials: ExecutionCredentials;
}

export interface GetSecretValueResult {
  readonly secretString?: string;
  readonly secretBinary?: Uint8Array;
}

/**
 * Secrets Manager's GetSecretValue, signed with the execution role's credentials. Rejects with an AwsCallError
 * when the service answered with an error, with an AwsTransportError when no answer came.
 */
export interface SecretsReader {
  getSecretValue(request: GetSecretValueRequest): Promise<GetSecretValueResult>;
}

export interface GetParametersRequest {
  readonly region: string;
  /** At most 10 names or parameter ARNs, as the task definition's valueFrom gives them. */
  readonly names: readonly string[];
  readonly credentials: ExecutionCredentials;
}

export interface GetParametersResult {
  /** Each parameter's value (SecureString decrypted) by the Name the answer gives it. */
  readonly values: ReadonlyMap<string, Secret>;
  readonly invalidParameters: readonly string[];
}

/**
 * SSM's GetParameters with WithDecryption=true, signed with the execution role's credentials, as the ECS agent
 * reads `secrets` from Parameter Store (ref ecs-private-auth §6.6). Rejects as SecretsReader does.
 */
export interface ParametersReader {
  getParameters(request: GetParametersRequest): Promise<GetParametersResult>;
}

export interface GetAuthorizationTokenRequest {
  readonly region: string;
  readonly registryId: string;
  readonly credentials: ExecutionCredentials;
}

/** ECR's `authorizationData[0]`: base64 `AWS:<password>` and the registry it opens. */
export interface EcrAuthorization {
  readonly authorizationToken: Secret;
  readonly proxyEndpoint: string;
}

/**
 * ECR's GetAuthorizationToken, signed with the execution role's credentials, as the ECS agent calls it (ref
 * ecs-private-auth §4). Rejects with an AwsCallError or an AwsTransportError, as SecretsReader does.
 */
export interface EcrAuthReader {
  getAuthorizationToken(request: GetAuthorizationTokenRequest): Promise<EcrAuthorization>;
}

/** An AWS API error as the SDK saw it: the service's code and message, the HTTP status and request id. */
export class AwsCallError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly requestId: string;
  readonly fault: 'client' | 'server';
  /** Attempts the SDK made (its retryer retries throttling and 5xx; the texts say "retried N time(s)"). */
  readonly attempts: number;

  constructor(fields: {
    code: string;
    message: string;
    statusCode: number;
    requestId: string;
    fault: 'client' | 'server';
    attempts: number;
  }) {
    super(fields.message);
    this.name = 'AwsCallError';
    this.code = fields.code;
    this.statusCode = fields.statusCode;
    this.requestId = fields.requestId;
    this.fault = fields.fault;
    this.attempts = fields.attempts;
  }
}

/** No answer from the endpoint: connection refused, reset, timed out. */
export class AwsTransportError extends Error {
  /** The endpoint URL the request went to. */
  readonly url: string;
  /** Go's net words for the failure (`dial tcp 127.0.0.1:4566: connect: connection refused`). */
  readonly detail: string;
  /** The SDK gave up waiting (the agent's 5 s round-trip timeout), rather than the connection failing. */
  readonly timedOut: boolean;
  readonly attempts: number;

  constructor(fields: { url: string; detail: string; timedOut: boolean; attempts: number }) {
    super(`request to ${fields.url} failed: ${fields.detail}`);
    this.name = 'AwsTransportError';
    this.url = fields.url;
    this.detail = fields.detail;
    this.timedOut = fields.timedOut;
    this.attempts = fields.attempts;
  }
}

/** Waits; injected so that stop timeouts can be tested without waiting. Resolves early when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface TaskAgentDeps {
  readonly runtime: ContainerRuntime;
  readonly network: TaskNetworkProvider;
  readonly images: ImageSource;
  readonly secrets: SecretsReader;
  readonly parameters: ParametersReader;
  /** The Logs API for containers with the awslogs driver; without it, such a container cannot start. */
  readonly logs?: LogsWriter;
  readonly sink: TaskStateSink;
  readonly clock: Clock;
  /** Each container's log goes to `<logsDir>/<taskId>/<containerName>.log`. */
  readonly logsDir: string;
  /** The agent's own records (task ARN, runtime ids, netns; never credentials), for `recover()`. */
  readonly persistence: Persistence;
  /** ECS's task endpoint (169.254.170.2): absent, tasks get no credentials or metadata URIs. */
  readonly endpoints?: TaskEndpoints;
  /** Defaults to a timer. */
  readonly sleep?: Sleep;
  /** Told of each layer's progress while a task's containers' images are pulled (the console shows it). */
  readonly pullProgress?: (taskArn: string, container: string, progress: LayerProgress) => void;
}
