import { type QueryServiceDefinition, withOperations } from '../../aws/index.js';
import type { TargetHealthState } from '../../engines/elbv2/index.js';
import type { TargetRef } from './data-plane-port.js';
import type { Elbv2Deps } from './elbv2-context.js';
import { Elbv2Resources } from './elbv2-resources.js';
import { elbv2Routing } from './elbv2-routing.js';
import { elbv2EngineErrors } from './errors.js';
import { elbv2Handlers } from './handlers.js';
import { listenerHandlers } from './listener-handlers.js';

export interface TargetHealthReport extends TargetRef {
  readonly state: TargetHealthState;
  readonly reason?: string;
  readonly description?: string;
}

/**
 * Target groups as another part reaches them without the API (ECS services register their tasks): the group's
 * target type and traffic port, registration, deregistration that resolves once the targets have drained, health,
 * and health changes as the data plane's checks find them.
 */
export interface ElbTargets {
  describe(arn: string): { targetType: 'ip' | 'instance'; port: number; protocol: string } | undefined;
  register(arn: string, targets: readonly TargetRef[]): Promise<void>;
  deregister(arn: string, targets: readonly TargetRef[]): Promise<void>;
  health(arn: string): TargetHealthReport[];
  onHealthChange(
    listener: (arn: string, change: { id: string; port: number; state: TargetHealthState }) => void,
  ): () => void;
}

export interface Elbv2Service {
  readonly definition: QueryServiceDefinition;
  readonly targets: ElbTargets;
  /** Hands the data plane the stored model (at `berth up` start, when listeners exist). */
  sync(): Promise<void>;
  /** Ends pending drains' timers (berth up stops). */
  close(): void;
}

/**
 * ELBv2 (AWS Query, Version 2015-12-01, signing name `elasticloadbalancing`), ref ecs-services-elb-logs §4: the
 * control plane of Application Load Balancers, serving through the data plane it is given.
 */
export function createElbv2Service(deps: Elbv2Deps): Elbv2Service {
  const x = new Elbv2Resources(deps);
  return {
    definition: withOperations(
      elbv2Routing,
      { ...elbv2Handlers(x), ...listenerHandlers(x) },
      elbv2EngineErrors,
    ),
    targets: {
      describe: (arn) => {
        const tg = x.context.store.targetGroup(arn);
        return tg && { targetType: tg.targetType, port: tg.port, protocol: tg.protocol };
      },
      register: (arn, targets) => x.targets.register(arn, targets),
      deregister: async (arn, targets) => (await x.targets.deregister(arn, targets)).drained,
      health: (arn) =>
        x.targets.health(arn).map(({ target, health }) => ({ id: target.id, port: target.port, ...health })),
      onHealthChange: (listener) =>
        deps.dataPlane?.onHealthChange((arn, target, health) =>
          listener(arn, { id: target.id, port: target.port, state: health.state }),
        ) ?? (() => undefined),
    },
    sync: () => x.context.sync(),
    close: () => x.targets.close(),
  };
}
