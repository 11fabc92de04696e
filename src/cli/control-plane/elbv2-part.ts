import { join } from 'node:path';
import { once } from '../../engines/concurrency/index.js';
import { hasListeners } from '../../services/elbv2/collections.js';
import { elbv2Routing } from '../../services/elbv2/elbv2-routing.js';
import type { Elbv2DataPlane, Elbv2Service } from '../../services/elbv2/index.js';
import { elbTargetsPort } from './ecs-part.js';
import { lazyService, type Part, type PartDeps, provide } from './part.js';

/** A data plane with the lifecycle `berth up` drives: its listeners close when berth up stops. */
export interface ManagedDataPlane extends Elbv2DataPlane {
  close(): Promise<void>;
}

export interface Elbv2PartSetup {
  /** The data plane; default this host's (adapters/lb-native or adapters/lb-proxy), listening on 127.0.0.1. */
  readonly dataPlane?: (deps: PartDeps) => ManagedDataPlane;
}

/**
 * ELBv2 with its data plane. Both load on ELBv2's first request (or first need of the targets port) — or at start
 * when stored listeners exist, so that their ports listen again before anyone asks; an empty berth loads nothing.
 * The listeners close on stop, while the endpoint still answers.
 */
export function elbv2Part(setup: Elbv2PartSetup = {}): Part {
  return {
    name: 'elbv2',
    provides: [elbTargetsPort],
    build({ deps }) {
      let dataPlane: ManagedDataPlane | undefined;
      let service: Elbv2Service | undefined;
      const load = once(async () => {
        const [{ createElbv2Service }, plane] = await Promise.all([
          import('../../services/elbv2/index.js'),
          setup.dataPlane ? setup.dataPlane(deps) : hostProxy(deps),
        ]);
        dataPlane = plane;
        service = createElbv2Service({ ...deps, dataPlane: plane });
        await service.sync();
        return service;
      });
      return {
        services: [lazyService(elbv2Routing, async () => (await load()).definition)],
        // ECS services' load-balancer port is ELBv2's target groups as they are (ecs load-balancer-port.ts).
        provides: [provide(elbTargetsPort, async () => (await load()).targets)],
        start: async () => {
          if (hasListeners(deps.persistence)) await load();
        },
        stop: async () => {
          service?.close();
          await dataPlane?.close();
        },
      };
    },
  };
}

/** haproxy on the hot path with berth's proxy behind it when haproxy is installed (adapters/lb-native), else berth's. */
async function hostProxy(deps: PartDeps): Promise<ManagedDataPlane> {
  const [{ LbProxy }, native] = await Promise.all([
    import('../../adapters/lb-proxy/index.js'),
    import('../../adapters/lb-native/index.js'),
  ]);
  if ((await native.dataPlaneChoice()) === 'haproxy')
    return new native.NativeLbProxy({
      clock: deps.clock,
      log: deps.log,
      dir: join(deps.stateDir.path, 'lb-native'),
    });
  return new LbProxy({ clock: deps.clock, log: deps.log });
}
