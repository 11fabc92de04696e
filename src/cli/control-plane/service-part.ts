import type { ServiceDefinition, ServiceRouting } from '../../aws/index.js';
import { once } from '../../engines/concurrency/index.js';
import { lazyService, type Part, type PartDeps } from './part.js';

/**
 * A service that needs nothing of another part: its routing registered at start, the service built on its first
 * request by `create` (which imports it: `async (deps) => (await import('../services/x/index.js')).createXService(deps)`).
 * One line in wiring.ts; a service that needs another part's port gets a part file of its own instead.
 */
export function servicePart(
  routing: ServiceRouting,
  create: (deps: PartDeps) => Promise<{ readonly definition: ServiceDefinition }>,
): Part {
  return {
    name: routing.name,
    build({ deps }) {
      const load = once(() => create(deps));
      return { services: [lazyService(routing, async () => (await load()).definition)] };
    },
  };
}
