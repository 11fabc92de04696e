/**
 * The awslogs driver's CloudWatch Logs client (agent/awslogs LogsWriter) on the AWS SDK v3, configured as the
 * agent's Secrets Manager client is (agent-errors.ts): the execution role's temporary credentials, the region of
 * `awslogs-region`, the standard retryer, 5 s per round trip. One client per call: each task has its own
 * credentials, and none outlive the call.
 */
import {
  CloudWatchLogsClient,
  CloudWatchLogsServiceException,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogsCall, LogsWriter } from '../../agent/awslogs/index.js';
import { agentClientConfig, endpointUrl, toAgentError } from './agent-errors.js';

export interface LogsWriterOptions {
  /** berth's endpoint (`http://127.0.0.1:PORT`); omitted: AWS's regional endpoint. */
  readonly endpoint?: string;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
}

export function createLogsWriter(options: LogsWriterOptions = {}): LogsWriter {
  const send = async (
    call: LogsCall,
    command: CreateLogGroupCommand | CreateLogStreamCommand | PutLogEventsCommand,
  ) => {
    const client = new CloudWatchLogsClient(agentClientConfig(options, call.region, call.credentials));
    try {
      // biome-ignore lint/suspicious/noExplicitAny: one send for three command types, whose outputs are not read
      await client.send(command as any);
    } catch (error) {
      throw toAgentError(
        error,
        endpointUrl(options.endpoint, 'logs', call.region),
        (e) => e instanceof CloudWatchLogsServiceException,
      );
    } finally {
      client.destroy();
    }
  };
  return {
    createLogGroup: (call, group) => send(call, new CreateLogGroupCommand({ logGroupName: group })),
    createLogStream: (call, group, stream) =>
      send(call, new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })),
    putLogEvents: (call, group, stream, events) =>
      send(
        call,
        new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [...events] }),
      ),
  };
}
