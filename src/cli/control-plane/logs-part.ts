import { once } from '../../engines/concurrency/index.js';
import { logsRouting } from '../../services/logs/logs-routing.js';
import { lazyService, type Part } from './part.js';

/**
 * CloudWatch Logs, a part of its own: it needs no other service (IAM decides at the gateway). Built on its first
 * request — the first `awslogs` task, `aws logs …` or `berth logs` of a task that uses awslogs.
 */
export const logsPart: Part = {
  name: 'logs',
  build({ deps }) {
    const load = once(async () => (await import('../../services/logs/index.js')).createLogsService(deps));
    return { services: [lazyService(logsRouting, async () => (await load()).definition)] };
  },
};
