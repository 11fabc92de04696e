/**
 * IPv4 CIDR ranges for berth's task network: parse and validate the configured range, and find the host routes it
 * would collide with (a task address that a host route already claims would be unreachable, or would shadow a real
 * network). Pure: the routes come from `ip -j route` in the adapter.
 */
import { BerthError } from '../../errors/index.js';

export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit number (host bits zero). */
  readonly network: number;
  readonly prefixLength: number;
}

/** One entry of `ip -j route`: `dst` is `default`, `a.b.c.d/n`, or a bare address for a host route. */
export interface HostRoute {
  readonly dst: string;
  readonly dev?: string;
  readonly type?: string;
}

const octet = /^(?:0|[1-9]\d{0,2})$/;

/** `a.b.c.d` (decimal, no leading zeros, which some tools read as octal) → number; undefined when malformed. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!octet.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function prefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Parses `a.b.c.d/n` strictly; BERTH_INVALID_ARGUMENT names what is wrong. */
export function parseCidr(text: string): Ipv4Cidr {
  const found = tryParseCidr(text);
  if (typeof found === 'string') throw new BerthError('BERTH_INVALID_ARGUMENT', found);
  return found;
}

function tryParseCidr(text: string): Ipv4Cidr | string {
  const slash = text.indexOf('/');
  const address = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  const prefixText = slash < 0 ? '' : text.slice(slash + 1);
  if (address === undefined || !/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(prefixText)) {
    return `"${text}" is not an IPv4 CIDR range (expected a.b.c.d/n with n from 0 to 32, e.g. 10.213.0.0/16)`;
  }
  const prefixLength = Number(prefixText);
  const network = (address & prefixMask(prefixLength)) >>> 0;
  if (network !== address) {
    return `"${text}" has host bits set; the range is ${formatCidr({ network, prefixLength })}`;
  }
  return { network, prefixLength };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const mask = prefixMask(Math.min(a.prefixLength, b.prefixLength));
  return (a.network & mask) >>> 0 === (b.network & mask) >>> 0;
}

/** A route's destination as a range; undefined for `default` (it covers everything by design) or non-IPv4. */
function routeRange(route: HostRoute): Ipv4Cidr | undefined {
  if (route.dst === 'default') return undefined;
  const found = tryParseCidr(route.dst.includes('/') ? route.dst : `${route.dst}/32`);
  return typeof found === 'string' ? undefined : found;
}

/** The routes that claim part of `cidr`, except those on `ownDevice` (berth's bridge, from an earlier run). */
export function overlappingRoutes(
  cidr: Ipv4Cidr,
  routes: readonly HostRoute[],
  ownDevice: string,
): HostRoute[] {
  return routes.filter((route) => {
    if (route.dev === ownDevice) return false;
    const range = routeRange(route);
    return range !== undefined && cidrsOverlap(range, cidr);
  });
}

/** A range of the same size inside 10.0.0.0/8 that no route claims, to suggest in the overlap error. */
export function suggestFreeRange(
  prefixLength: number,
  routes: readonly HostRoute[],
  ownDevice: string,
): Ipv4Cidr | undefined {
  if (prefixLength < 8) return undefined;
  const base = parseIpv4('10.0.0.0')!;
  const step = 2 ** (32 - prefixLength);
  const count = Math.min(2 ** (prefixLength - 8), 4096);
  for (let i = 0; i < count; i++) {
    const candidate = { network: base + i * step, prefixLength };
    if (overlappingRoutes(candidate, routes, ownDevice).length === 0) return candidate;
  }
  return undefined;
}

/** How a route reads in a message: `10.0.0.0/8 dev eth0` (or its type when it has no device). */
export function describeRoute(route: HostRoute): string {
  const where = route.dev ? ` dev ${route.dev}` : route.type ? ` (${route.type})` : '';
  return `${route.dst}${where}`;
}
