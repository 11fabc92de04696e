/** ELBv2's resource classes over one context, as the handlers and the targets port reach them. */
import type { TargetHealth } from '../../engines/elbv2/index.js';
import { Elbv2Context, type Elbv2Deps } from './elbv2-context.js';
import { Listeners } from './listeners.js';
import { LoadBalancers } from './load-balancers.js';
import { ResourceTags } from './resource-tags.js';
import { Rules } from './rules.js';
import { TargetGroups } from './target-groups.js';
import { type TargetInput, Targets } from './targets.js';

export class Elbv2Resources {
  readonly context: Elbv2Context;
  readonly loadBalancers: LoadBalancers;
  readonly targetGroups: TargetGroups;
  readonly listeners: Listeners;
  readonly rules: Rules;
  readonly targets: Targets;
  readonly tags: ResourceTags;

  constructor(deps: Elbv2Deps) {
    this.context = new Elbv2Context(deps);
    this.loadBalancers = new LoadBalancers(this.context);
    this.targetGroups = new TargetGroups(this.context);
    this.listeners = new Listeners(this.context);
    this.rules = new Rules(this.context, this.listeners);
    this.targets = new Targets(this.context, this.targetGroups);
    this.tags = new ResourceTags(this.context);
  }

  /** DescribeTargetHealth's TargetHealthDescriptions (ref ecs-services-elb-logs §4.1, §4.5). */
  targetHealthWire(arn: string, named?: readonly TargetInput[]) {
    const tg = this.targetGroups.find(arn);
    return this.targets.health(arn, named).map(({ target, health }) => ({
      Target: { Id: target.id, Port: target.port, AvailabilityZone: target.availabilityZone },
      HealthCheckPort: tg.healthCheck.port === 'traffic-port' ? String(target.port) : tg.healthCheck.port,
      TargetHealth: healthWire(health),
    }));
  }
}

function healthWire(health: TargetHealth) {
  return { State: health.state, Reason: health.reason, Description: health.description };
}
