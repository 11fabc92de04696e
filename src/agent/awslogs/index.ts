// agent/awslogs: the awslogs log driver (streams created as the execution role, lines shipped with PutLogEvents).
export { AwslogsDriver, type AwslogsOpening } from './awslogs-driver.js';
export { ec2AwslogsFailure, fargateAwslogsFailure } from './awslogs-messages.js';
export { type AwslogsTarget, awslogsTarget } from './awslogs-options.js';
export { flushIntervalMs, LogShipper } from './log-shipper.js';
export type { LogEvent, LogsCall, LogsWriter } from './logs-writer.js';
