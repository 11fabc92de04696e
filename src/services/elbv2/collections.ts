/**
 * ELBv2's collection names, and the one question `berth up` asks at start (do listeners exist?), kept apart from the
 * store so that the part imports nothing else of ELBv2 before its first use.
 */
import type { Persistence } from '../../ports/persistence.js';

export const elbv2Collections = {
  loadBalancers: 'elbv2-load-balancers',
  targetGroups: 'elbv2-target-groups',
  listeners: 'elbv2-listeners',
  rules: 'elbv2-rules',
} as const;

/** Whether the data plane has anything to serve: listeners exist in some scope. */
export function hasListeners(persistence: Persistence): boolean {
  return persistence.list(elbv2Collections.listeners).length > 0;
}
