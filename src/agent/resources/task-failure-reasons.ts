/**
 * The stoppedReason of a task that failed, per launch type (ref ecs-private-auth §1.8, §1.9, §3.1, §3.3, §3.5): the texts of
 * agent/messages.ts put together the way each agent does. EC2 shows the open-source agent's error through
 * SetTerminalReason; Fargate wraps its errors in a ResourceInitializationError and prints AWS errors as SDK v1 does.
 */
import type { LaunchType } from '../../engines/ecs/index.js';
import type { BerthError } from '../../errors/index.js';
import { collapseWhitespace, ec2TerminalReason, messages } from '../messages.js';
import { AwsCallError, type AwsTransportError } from '../task/ports.js';
import type { ResourceFailure } from './resource-failure.js';

const { agentResource, awsSdk, fargateResource, task } = messages;

/** ECS cuts task and container reasons to 1024 bytes, without an ellipsis (ref ecs-private-auth §1.8). */
export const maxReasonBytes = 1024;

/**
 * The calls the resources make, with the errors each models in the Go SDK v2 (types/errors.go; SSM's from the API
 * model's GetParameters); others print as `api error …` (§3).
 */
const getSecretValue = {
  service: 'Secrets Manager',
  operation: 'GetSecretValue',
  modeled: new Set([
    'DecryptionFailure',
    'InternalServiceError',
    'InvalidParameterException',
    'InvalidRequestException',
    'ResourceNotFoundException',
  ]),
};
const getParameters = {
  service: 'SSM',
  operation: 'GetParameters',
  modeled: new Set(['InternalServerError', 'InvalidKeyId']),
};

/**
 * The stoppedReason for failed task resources. EC2 joins the secrets resource's errors with `;` (asmsecret.go);
 * Fargate names one failure [INF: its texts show a single secret], the first in definition order.
 */
export function resourceFailureReason(failures: readonly ResourceFailure[], launchType: LaunchType): string {
  if (launchType === 'FARGATE') return truncateReason(collapseWhitespace(fargateText(failures[0]!)));
  return truncateReason(ec2TerminalReason(failures.map(ec2Text).join(';')));
}

/** A pull failure: Fargate shows the container's error itself, EC2 only that the task failed to start (§3.5). */
export function pullFailureTaskReason(containerReason: string, launchType: LaunchType): string {
  return launchType === 'FARGATE' ? truncateReason(containerReason) : task.taskFailedToStart;
}

/**
 * The container reason when a container cannot start. The runtime's (runc's) failures read as containerd's shim
 * reports them: `runc run failed:` becomes `runc create failed:` (what ECS shows, runc run being create + start).
 * A container berth could not even describe to the runtime (no command, an unknown user) reads as Docker's
 * create error on EC2 and as runc's container-init failure on Fargate [INF: no verbatim sample].
 */
export function startFailureReason(error: BerthError, launchType: LaunchType): string {
  if (error.code === 'BERTH_RUNTIME_FAILED') {
    const detail = error.message.replace(/^runc run failed: /, '');
    const runcText = detail === error.message ? detail : task.runcCreateFailed(detail);
    return truncateReason(task.cannotStartContainer(launchType, runcText));
  }
  if (launchType === 'EC2') return truncateReason(task.cannotCreateContainer(error.message));
  return truncateReason(
    task.cannotStartContainer(
      launchType,
      task.runcCreateFailed(
        `unable to start container process: error during container init: ${error.message}`,
      ),
    ),
  );
}

/** An essential container that failed to start stops the task: Fargate with its error, EC2 as a failed start. */
export function startFailureTaskReason(containerReason: string, launchType: LaunchType): string {
  return pullFailureTaskReason(containerReason, launchType);
}

/** The first `maxReasonBytes` bytes of UTF-8, never splitting a character. */
export function truncateReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxReasonBytes) return text;
  let end = maxReasonBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

function ec2Text(failure: ResourceFailure): string {
  switch (failure.kind) {
    case 'no-execution-credentials':
      return failure.resource === 'asm-auth'
        ? agentResource.asmAuthNoCredentials
        : agentResource.asmSecretNoCredentials;
    case 'value':
      return failure.text;
    case 'ssm-call':
      return agentResource.ssmFetchFailed(failure.region, sdkV2Text(failure.error, getParameters));
    case 'ssm-invalid':
      return agentResource.ssmFetchFailed(failure.region, agentResource.ssmInvalidParameters(failure.names));
    case 'call': {
      const sdkError = sdkV2Text(failure.error, getSecretValue);
      if (failure.resource === 'asm-auth') return agentResource.asmFetchFailed(failure.secretId, sdkError);
      if (failure.error instanceof AwsCallError && failure.error.code === 'ResourceNotFoundException') {
        return agentResource.secretNotFound(failure.secretId, sdkError);
      }
      return agentResource.secretFetchFailed(failure.secretId, sdkError);
    }
  }
}

function fargateText(failure: ResourceFailure): string {
  switch (failure.kind) {
    case 'no-execution-credentials':
      return fargateResource.noExecutionCredentials;
    case 'value':
      // [INF] §1.9: no call failed, so the wrapper counts the one call that succeeded.
      return fargateResource.asmRetrievalFailed(1, failure.text);
    // [INF] as for a Secrets Manager value: no call failed, so the wrapper counts the one call made.
    case 'ssm-invalid':
      return fargateResource.ssmRetrievalFailed(1, agentResource.ssmInvalidParameters(failure.names));
    case 'ssm-call': {
      const { error } = failure;
      const text = fargateResource.ssmRetrievalFailed(error.attempts, sdkV1Text(error));
      return error instanceof AwsCallError ? text : fargateResource.checkNetwork(text);
    }
    case 'call': {
      const { error } = failure;
      const fetchFailed = fargateResource.fetchSecretFailed(failure.secretId, sdkV1Text(error));
      return fargateResource.asmRetrievalFailed(
        error.attempts,
        error instanceof AwsCallError ? fetchFailed : fargateResource.checkNetwork(fetchFailed),
      );
    }
  }
}

/** How the Fargate agent's SDK v1 prints an error: the service's, a timeout, or a send failure (§3.3). */
function sdkV1Text(error: AwsCallError | AwsTransportError): string {
  if (error instanceof AwsCallError) {
    return awsSdk.v1Error(error.code, error.message, error.statusCode, error.requestId);
  }
  return error.timedOut ? awsSdk.v1RequestCanceled : awsSdk.v1RequestError(error.url, error.detail);
}

function sdkV2Text(error: AwsCallError | AwsTransportError, call: typeof getSecretValue): string {
  if (!(error instanceof AwsCallError)) {
    return awsSdk.v2SendError(call.service, call.operation, error.attempts, error.url, error.detail);
  }
  const apiError = awsSdk.v2ApiError(error.code, error.message, call.modeled.has(error.code));
  return awsSdk.v2ResponseError(call.service, call.operation, error.statusCode, error.requestId, apiError);
}
