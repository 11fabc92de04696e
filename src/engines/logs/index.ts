// engines/logs: CloudWatch Logs ARNs, event ids and filter patterns (pure).

export { beforeAllEvents, type EventPosition, eventId, isEventId } from './event-id.js';
export {
  type FilterPattern,
  type FilterPatternResult,
  matchesFilterPattern,
  maxFilterPatternLength,
  parseFilterPattern,
} from './filter-pattern.js';
export { groupNameOf, type LogsScope, logsArns } from './logs-arns.js';
