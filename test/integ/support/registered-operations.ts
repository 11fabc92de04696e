// THE one place tests enumerate what the services register: berth's wiring with each part's service definitions
// recorded as compose() builds them. When definitions load their operations lazily, only this file changes.
import type { ServiceDefinition } from '../../../src/aws/index.js';
import { berthWiring, type Wiring } from '../../../src/cli/compose.js';

export interface RegisteredOperation {
  readonly service: ServiceDefinition;
  readonly name: string;
}

/** berthWiring, recording the service definitions its parts register; `operations()` lists them once composed. */
export function recordingWiring(wiring: Wiring = berthWiring): {
  wiring: Wiring;
  operations: () => RegisteredOperation[];
} {
  const services: ServiceDefinition[] = [];
  return {
    wiring: {
      parts: wiring.parts.map((factory) => (deps) => {
        const part = factory(deps);
        services.push(...(part.services ?? []));
        return part;
      }),
    },
    operations: () =>
      services.flatMap((service) => Object.keys(service.operations).map((name) => ({ service, name }))),
  };
}
