// CloudWatch Logs (AWS JSON 1.1, target prefix Logs_20140328): log groups, streams and events.
export { logsMessages } from './errors.js';
export { logsRouting } from './logs-routing.js';
export { createLogsService, type LogsDeps, type LogsService } from './logs-service.js';
export { logsCollections } from './store.js';
