import { type JsonServiceDefinition, type ServiceDeps, withOperations } from '../../aws/index.js';
import { logsOperations } from './handlers.js';
import { LogEvents } from './log-events.js';
import { LogGroups } from './log-groups.js';
import { LogStreams } from './log-streams.js';
import { logsRouting } from './logs-routing.js';
import { LogsStore } from './store.js';

/** CloudWatch Logs needs no other service: the shared ports (the authorizer for CreateLogGroup's tags). */
export type LogsDeps = ServiceDeps;

export interface LogsService {
  readonly definition: JsonServiceDefinition;
}

/**
 * CloudWatch Logs (AWS JSON 1.1, `Logs_20140328`), ref ecs-services-elb-logs §7: what `awslogs` writes and what
 * `aws logs tail`, GetLogEvents and FilterLogEvents read. It needs no other service: IAM decides at the gateway.
 */
export function createLogsService(deps: LogsDeps): LogsService {
  const store = new LogsStore(deps.persistence);
  const groups = new LogGroups(store, deps.clock, deps.partition, deps.authorizer);
  const streams = new LogStreams(store, groups, deps.clock, deps.partition);
  const events = new LogEvents(store, groups, streams, deps.clock);
  return {
    definition: withOperations(
      logsRouting,
      logsOperations({ groups, streams, events, partition: deps.partition, authorizer: deps.authorizer }),
    ),
  };
}
