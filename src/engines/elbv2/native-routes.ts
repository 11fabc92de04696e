import type { RoutingRule, ServedListener } from './model.js';

/**
 * ALB's routing (route-request.ts) compiled into first-match decisions a native proxy can take by regular
 * expressions, for the requests whose form it reads exactly as berth does (`nativeRequestForm`). A decision either
 * names a target group the native proxy serves itself or leaves the request to berth's own proxy (`to` undefined),
 * which answers it exactly as it always does; a request no decision matches goes to berth's proxy too. A rule whose
 * patterns cannot be expressed (non-ASCII text, where case folding and byte encodings differ) ends its listener's
 * native decisions: from there on berth's proxy decides.
 */
export interface NativeRoute {
  /** Only for requests whose Host names this load balancer: several load balancers share the port. */
  readonly dnsName?: string;
  /** Every condition must match; a condition matches when any of its patterns does. */
  readonly conditions: readonly NativeCondition[];
  /** The target group served natively, or undefined: berth's proxy. */
  readonly to: string | undefined;
}

export interface NativeCondition {
  /** `host`: the Host header's name lowercased, without the port; `path`: the request target before any `?`. */
  readonly on: 'host' | 'path';
  /** Anchored regular expressions (PCRE and JavaScript read them alike: literals escaped as `\xHH`, `.`, `.*`). */
  readonly patterns: readonly string[];
}

export interface NativePort {
  readonly port: number;
  readonly routes: readonly NativeRoute[];
}

/**
 * The requests a native proxy may decide: exactly one Host header, printable ASCII and not an IPv6 literal (so that
 * "lowercase, cut at the first `:`" is hostName's result), and an origin-form request target in printable ASCII.
 */
export const nativeRequestForm = {
  host: '^(?!\\[)[\\x21-\\x7e]+$',
  url: '^/[\\x21-\\x7e]*$',
} as const;

/** The listeners' routing as native decisions per port; `native(arn)` says whether a group is served natively. */
export function nativeRoutes(
  listeners: readonly ServedListener[],
  native: (targetGroupArn: string) => boolean,
): NativePort[] {
  const byPort = new Map<number, ServedListener[]>();
  for (const listener of listeners)
    byPort.set(listener.port, [...(byPort.get(listener.port) ?? []), listener]);
  return [...byPort].map(([port, shared]) => {
    if (shared.length === 1) return { port, routes: listenerRoutes(shared[0]!.rules, native) };
    // chooseListener: the listener whose DNS name is the Host, else the port's first.
    const named = shared
      .slice(1)
      .flatMap((listener) => [
        ...listenerRoutes(listener.rules, native).map((route) => ({ ...route, dnsName: listener.dnsName })),
        { dnsName: listener.dnsName, conditions: [], to: undefined },
      ]);
    return { port, routes: [...named, ...listenerRoutes(shared[0]!.rules, native)] };
  });
}

function listenerRoutes(rules: readonly RoutingRule[], native: (arn: string) => boolean): NativeRoute[] {
  const routes: NativeRoute[] = [];
  for (const rule of rules) {
    const conditions = rule.conditions.map((condition) => {
      const on = condition.field === 'host-header' ? 'host' : 'path';
      const patterns = condition.values.map((value) => wildcardRegex(value, on === 'host'));
      return { on, patterns } as const;
    });
    if (conditions.some((c) => c.patterns.some((p) => p === undefined))) {
      routes.push({ conditions: [], to: undefined });
      break;
    }
    // A condition without values matches nothing: the rule never applies.
    if (conditions.some((c) => c.patterns.length === 0)) continue;
    const action = rule.action;
    const group =
      action.type === 'forward' && action.targetGroups.length === 1 ? action.targetGroups[0]!.arn : undefined;
    routes.push({
      conditions: conditions as NativeCondition[],
      to: group !== undefined && native(group) ? group : undefined,
    });
  }
  return routes;
}

/**
 * A condition's wildcard pattern as an anchored regular expression: `*` any run, `?` one character, everything
 * else literal (`\xHH`); host patterns lowercased (the host is lowercased before matching). Undefined for a pattern
 * outside printable ASCII.
 */
export function wildcardRegex(pattern: string, hostPattern = false): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(pattern)) return undefined;
  const text = hostPattern ? pattern.toLowerCase() : pattern;
  let regex = '^';
  for (const char of text) {
    if (char === '*') regex += '.*';
    else if (char === '?') regex += '.';
    else if (/[A-Za-z0-9]/.test(char)) regex += char;
    else regex += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
  return `${regex}$`;
}
