export { AwsAccessLog } from './aws-access-log.js';
export { describeError, type LogFields, pickLogFields } from './log-fields.js';
export { type AccessLogEntry, createLogger, type Logger, type LoggerOptions } from './logger.js';
