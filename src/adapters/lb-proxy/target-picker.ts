/**
 * Which target gets a request (ref ecs-services-elb-logs §4.3, §4.7): round robin over the group's healthy
 * targets; "If a target group contains only unhealthy registered targets, the load balancer routes requests to all
 * those targets"; otherwise (no targets, or only targets still in their initial checks or draining) none, which
 * the load balancer answers with 503. Between several groups of a forward action, by weight.
 */
import type { ServedTarget, ServedTargetGroup, TargetHealthState } from '../../engines/elbv2/index.js';

export class TargetPicker {
  readonly #turns = new Map<string, number>();

  pickGroup(groups: readonly { arn: string; weight: number }[]): string | undefined {
    const total = groups.reduce((sum, g) => sum + g.weight, 0);
    if (total === 0) return groups[0]?.arn;
    let point = Math.random() * total;
    for (const group of groups) {
      point -= group.weight;
      if (point < 0) return group.arn;
    }
    return groups.at(-1)?.arn;
  }

  pickTarget(
    group: ServedTargetGroup,
    stateOf: (target: ServedTarget) => TargetHealthState | undefined,
  ): ServedTarget | undefined {
    const candidates = routableTargets(group.targets, stateOf);
    if (candidates.length === 0) return undefined;
    const turn = this.#turns.get(group.arn) ?? 0;
    this.#turns.set(group.arn, turn + 1);
    return candidates[turn % candidates.length];
  }
}

/** The targets a request may go to: the healthy ones, or every serving one when all are unhealthy (fail-open). */
export function routableTargets(
  targets: readonly ServedTarget[],
  stateOf: (target: ServedTarget) => TargetHealthState | undefined,
): readonly ServedTarget[] {
  // One pass per request: the serving targets, and which of them are healthy or unhealthy.
  const serving: ServedTarget[] = [];
  const healthy: ServedTarget[] = [];
  let unhealthy = 0;
  for (const target of targets) {
    if (target.drainingUntil !== undefined) continue;
    serving.push(target);
    const state = stateOf(target);
    if (state === 'healthy') healthy.push(target);
    else if (state === 'unhealthy') unhealthy++;
  }
  const failOpen = serving.length > 0 && unhealthy === serving.length;
  return healthy.length > 0 ? healthy : failOpen ? serving : [];
}
