/**
 * What ECS says when the awslogs driver cannot start (ref ecs-services-elb-logs §7.4). Fargate today (Go SDK v2):
 *
 *   ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to
 *   create Cloudwatch log stream: operation error CloudWatch Logs: CreateLogStream, https response error StatusCode:
 *   400, RequestID: <uuid>, ResourceNotFoundException: The specified log group does not exist. : exit status 1
 *
 * [obs: the reference's CloudFormation event, index 42611734899], and for a denied `awslogs-create-group` "failed to
 * create Cloudwatch log group: operation error CloudWatch Logs: CreateLogGroup, … api error AccessDeniedException:
 * User: arn:aws:sts::…:assumed-role/<exec role>/<task id> is not authorized to perform: logs:CreateLogGroup on
 * resource: arn:aws:logs:…:log-group:<group>:log-stream: because no identity-based policy allows the
 * logs:CreateLogGroup action : exit status 1" [obs: an ECS service event of 2026, public index id 21729739829]. EC2's
 * Docker daemon words it `CannotStartContainerError: Error response from daemon: failed to initialize logging
 * driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not
 * exist.` [obs: index 20227748995].
 */
import { messages } from '../messages.js';
import { AwsCallError, type AwsTransportError } from '../task/ports.js';

export type AwslogsStep = 'group' | 'stream';

/** The errors CreateLogGroup and CreateLogStream model (Logs_20140328), printed without smithy's `api error`. */
const modeled = new Set([
  'InvalidParameterException',
  'ResourceAlreadyExistsException',
  'ResourceNotFoundException',
  'LimitExceededException',
  'OperationAbortedException',
  'ServiceUnavailableException',
]);

const operations: Record<AwslogsStep, string> = { group: 'CreateLogGroup', stream: 'CreateLogStream' };

/** The task's stoppedReason on Fargate. */
export function fargateAwslogsFailure(step: AwslogsStep, error: AwsCallError | AwsTransportError): string {
  const { awsSdk } = messages;
  const operation = operations[step];
  const sdkText =
    error instanceof AwsCallError
      ? awsSdk.v2ResponseError(
          'CloudWatch Logs',
          operation,
          error.statusCode,
          error.requestId,
          awsSdk.v2ApiError(error.code, error.message, modeled.has(error.code)),
        )
      : awsSdk.v2SendError('CloudWatch Logs', operation, error.attempts, error.url, error.detail);
  return (
    'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
    `failed to create Cloudwatch log ${step}: ${sdkText} : exit status 1`
  );
}

/** The container's reason on EC2 (the Docker daemon's words with the v1 SDK's `Code: Message`). */
export function ec2AwslogsFailure(step: AwslogsStep, error: AwsCallError | AwsTransportError): string {
  const detail = error instanceof AwsCallError ? `${error.code}: ${error.message}` : error.message;
  return (
    'CannotStartContainerError: Error response from daemon: failed to initialize logging driver: ' +
    `failed to create Cloudwatch log ${step}: ${detail}`
  );
}
