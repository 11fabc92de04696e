/** The wire shapes of groups and streams (DescribeLogGroups / DescribeLogStreams, ref ecs-services-elb-logs §7.2). */
import { type LogsScope, logsArns } from '../../engines/logs/index.js';
import type { GroupDocument, StreamDocument } from './domain/documents.js';

export function describeGroup(scope: LogsScope, group: GroupDocument) {
  return {
    logGroupName: group.name,
    creationTime: group.creationTime,
    retentionInDays: group.retentionInDays,
    metricFilterCount: 0,
    arn: logsArns.groupWildcard(scope, group.name),
    // [INF] berth does not account stored bytes; AWS reports them with a delay of hours anyway.
    storedBytes: 0,
    kmsKeyId: group.kmsKeyId,
    logGroupClass: group.logGroupClass,
    logGroupArn: logsArns.group(scope, group.name),
    deletionProtectionEnabled: false,
  };
}

export function describeStream(scope: LogsScope, stream: StreamDocument) {
  return {
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    firstEventTimestamp: stream.firstEventTimestamp,
    lastEventTimestamp: stream.lastEventTimestamp,
    lastIngestionTime: stream.lastIngestionTime,
    arn: logsArns.resource(scope, stream.group, stream.name),
    // "storedBytes (always 0)" (ref ecs-services-elb-logs §7.2).
    storedBytes: 0,
  };
}
