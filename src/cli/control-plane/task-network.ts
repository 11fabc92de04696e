import { createHash } from 'node:crypto';
import type { IprouteNetworkOptions } from '../../adapters/netns/index.js';
import type { StateDir } from '../../adapters/state-dir/index.js';

/**
 * This host's task network for a state dir. Names on the host carry a tag of the state dir (bridge `brt<tag>`,
 * namespaces `berth-<tag>-…`), so that two berths on one machine (tests run several) never sweep each other's
 * namespaces as orphans.
 */
export function taskNetworkOptions(
  stateDir: StateDir,
  endpoint: () => string,
  taskCidr: string | undefined,
): IprouteNetworkOptions {
  const tag = stateDirTag(stateDir.path);
  return {
    ...(taskCidr === undefined ? {} : { cidr: taskCidr }),
    bridgeName: `brt${tag}`,
    namePrefix: `berth-${tag}-`,
    // Tasks reach berth's endpoint (AWS APIs, registry) at the bridge's gateway address, on the same port.
    gatewayPorts: () => [Number(new URL(endpoint()).port)].filter((port) => port > 0),
  };
}

/** 8 hex characters of the state dir's path: short enough for an interface name (`brt` + 8 ≤ 15). */
function stateDirTag(path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 8);
}

/** A failure's message for the log line that says tasks may not run on this host. */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
