/**
 * How RunTask decides where a task runs. [DOC] API_RunTask: "If a capacityProviderStrategy is specified, the
 * launchType parameter must be omitted. If no capacityProviderStrategy or launchType is specified, the
 * defaultCapacityProviderStrategy for the cluster is used." A cluster without a default strategy then runs the task
 * with the EC2 launch type — also for a definition that requires only FARGATE (its compatibilities still include
 * EC2), exactly as ECS does. berth's local agent stands in for EC2 container instances and for Fargate alike; the
 * only capacity providers are Fargate's own, FARGATE and FARGATE_SPOT.
 */
import { type LaunchType, ecsMessages as m } from '../../../engines/ecs/index.js';
import { ecsErrors } from '../errors.js';
import type { CapacityProviderStrategyItem } from './documents.js';

export interface LaunchChoice {
  readonly launchType: LaunchType;
  readonly capacityProviderName?: string;
}

const fargateProviders = new Set(['FARGATE', 'FARGATE_SPOT']);

/**
 * A cluster's capacity providers (PutClusterCapacityProviders): only Fargate's exist, and the default strategy may
 * name only providers of the cluster's list.
 */
export function checkClusterProviders(
  providers: readonly string[],
  strategy: readonly CapacityProviderStrategyItem[],
): void {
  for (const name of providers)
    if (!fargateProviders.has(name)) throw ecsErrors.invalidParameter(m.capacityProviderNotFound);
  for (const item of strategy)
    if (!providers.includes(item.capacityProvider))
      throw ecsErrors.invalidParameter(m.unknownCapacityProvider(item.capacityProvider));
}

export function chooseLaunch(
  launchType: 'EC2' | 'FARGATE' | 'EXTERNAL' | undefined,
  strategy: readonly CapacityProviderStrategyItem[] | undefined,
  clusterDefault: readonly CapacityProviderStrategyItem[],
  compatibilities: readonly string[],
): LaunchChoice {
  if (launchType !== undefined && strategy !== undefined)
    throw ecsErrors.invalidParameter(m.launchTypeAndStrategy);
  const items = launchType === undefined ? (strategy ?? clusterDefault) : [];
  if (items.length > 0) {
    for (const item of items) {
      if (!fargateProviders.has(item.capacityProvider))
        throw ecsErrors.invalidParameter(m.unknownCapacityProvider(item.capacityProvider));
    }
    if (!compatibilities.includes('FARGATE'))
      throw ecsErrors.invalidParameter(m.launchTypeNotSupported('FARGATE'));
    // The provider that takes the first task: the one with a base, else the heaviest (ties: the first listed).
    const first =
      items.find((item) => (item.base ?? 0) > 0) ??
      [...items].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0))[0]!;
    return { launchType: 'FARGATE', capacityProviderName: first.capacityProvider };
  }
  const chosen = launchType ?? 'EC2';
  if (chosen === 'EXTERNAL' || !compatibilities.includes(chosen))
    throw ecsErrors.invalidParameter(m.launchTypeNotSupported(chosen));
  return { launchType: chosen };
}
