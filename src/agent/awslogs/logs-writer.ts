/**
 * The Logs API as the awslogs driver calls it, signed with the execution role's credentials (Fargate semantics,
 * ref ecs-services-elb-logs §7.4). The composition root supplies adapters/aws-client's SDK client. Calls reject with
 * the agent's AwsCallError when the service answered with an error, AwsTransportError when no answer came.
 */
import type { ExecutionCredentials } from '../../engines/ecs/index.js';

export interface LogsCall {
  readonly region: string;
  readonly credentials: ExecutionCredentials;
}

export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
}

export interface LogsWriter {
  createLogGroup(call: LogsCall, group: string): Promise<void>;
  createLogStream(call: LogsCall, group: string, stream: string): Promise<void>;
  putLogEvents(call: LogsCall, group: string, stream: string, events: readonly LogEvent[]): Promise<void>;
}
