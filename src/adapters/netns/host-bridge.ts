/**
 * berth's host bridge: the L2 segment every task's veth joins, holding the gateway address (the first address of
 * the task range). Made once and idempotently; first the range is checked against the host's routes, because a
 * range a route already claims would make tasks unreachable or hide a real network behind berth's bridge.
 */
import {
  type AddressPool,
  describeRoute,
  formatCidr,
  type HostRoute,
  overlappingRoutes,
  suggestFreeRange,
} from '../../agent/network/index.js';
import { BerthError } from '../../errors/index.js';
import { runIp, runIpJson } from './ip-command.js';

interface LinkInfo {
  readonly ifname: string;
  readonly linkinfo?: { readonly info_kind?: string };
}

interface AddressInfo {
  readonly addr_info?: ReadonlyArray<{
    readonly family: string;
    readonly local: string;
    readonly prefixlen: number;
  }>;
}

export async function ensureHostBridge(name: string, pool: AddressPool): Promise<void> {
  await checkRoutes(name, pool);
  const [link] = await runIpJson<LinkInfo>(['-d', 'link', 'show', 'dev', name], { ignoreMissing: true });
  if (!link) {
    await runIp(['link', 'add', name, 'type', 'bridge']);
  } else if (link.linkinfo?.info_kind !== 'bridge') {
    throw new BerthError(
      'BERTH_NETWORK_FAILED',
      `the host already has an interface "${name}" that is not a bridge (${link.linkinfo?.info_kind ?? 'unknown kind'}): ` +
        'choose another bridge name for berth',
    );
  }
  await ensureGatewayAddress(name, pool);
  await runIp(['link', 'set', name, 'up']);
}

/** Refuses a task range that a host route other than the bridge's own already covers. */
export async function checkRoutes(bridge: string, pool: AddressPool): Promise<void> {
  const routes = await runIpJson<HostRoute>(['route', 'show']);
  const clashes = overlappingRoutes(pool.cidr, routes, bridge);
  if (clashes.length === 0) return;
  const free = suggestFreeRange(pool.cidr.prefixLength, routes, bridge);
  throw new BerthError(
    'BERTH_NETWORK_FAILED',
    `berth's task network ${formatCidr(pool.cidr)} overlaps the host route ${clashes.map(describeRoute).join(', ')}: ` +
      `tasks on it would be unreachable. Choose a range no route covers (\`ip route\` lists them)` +
      (free ? `, e.g. ${formatCidr(free)}.` : '.'),
  );
}

async function ensureGatewayAddress(bridge: string, pool: AddressPool): Promise<void> {
  const [info] = await runIpJson<AddressInfo>(['addr', 'show', 'dev', bridge]);
  const ipv4 = (info?.addr_info ?? []).filter((a) => a.family === 'inet');
  const ours = ipv4.some((a) => a.local === pool.gateway && a.prefixlen === pool.cidr.prefixLength);
  if (ours) return;
  if (ipv4.length > 0) {
    // Another range from an earlier configuration: its tasks would be cut off if we re-addressed the bridge.
    throw new BerthError(
      'BERTH_NETWORK_FAILED',
      `bridge ${bridge} has address ${ipv4.map((a) => `${a.local}/${a.prefixlen}`).join(', ')}, not ` +
        `${pool.gateway}/${pool.cidr.prefixLength}: use that range again, or remove the bridge (ip link del ${bridge}) ` +
        'once no task uses it',
    );
  }
  await runIp(['addr', 'add', `${pool.gateway}/${pool.cidr.prefixLength}`, 'dev', bridge]);
}

/** Every veth enslaved to the bridge (none when the bridge does not exist). */
export async function bridgeVeths(bridge: string): Promise<string[]> {
  const links = await runIpJson<LinkInfo>(['-d', 'link', 'show', 'master', bridge], { ignoreMissing: true });
  return links.filter((link) => link.linkinfo?.info_kind === 'veth').map((link) => link.ifname);
}
