// THE one place tests enumerate what the services register: berth's wiring with each part's service definitions
// recorded as compose() builds them, their operations loaded as a first request would load them.
import type { ServiceDefinition } from '../../../src/aws/index.js';
import { berthWiring, type Wiring } from '../../../src/cli/compose.js';

export interface RegisteredOperation {
  readonly service: ServiceDefinition;
  readonly name: string;
}

/** berthWiring, recording the service definitions its parts register; `operations()` lists them once composed. */
export function recordingWiring(wiring: Wiring = berthWiring): {
  wiring: Wiring;
  operations: () => Promise<RegisteredOperation[]>;
} {
  const services: ServiceDefinition[] = [];
  return {
    wiring: {
      parts: wiring.parts.map((part) => ({
        ...part,
        build: (context, options) => {
          const built = part.build(context, options);
          services.push(...(built.services ?? []));
          return built;
        },
      })),
    },
    operations: async () => {
      const listed = await Promise.all(
        services.map(async (service) =>
          Object.keys((await service.load()).operations).map((name) => ({ service, name })),
        ),
      );
      return listed.flat();
    },
  };
}
