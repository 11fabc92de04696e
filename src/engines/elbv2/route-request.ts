import type { ListenerAction, RoutingRule, ServedListener } from './model.js';
import { wildcardMatch } from './wildcard-match.js';

/**
 * ALB's routing (ref ecs-services-elb-logs §4.4, §4.7): the listener on the port (by Host when load balancers share
 * one), then its rules lowest priority first, the first whose every condition matches (a condition matches when any
 * of its values does); the default rule last. Host headers compare case-insensitively without the port; path
 * patterns case-sensitively against the path without the query.
 */
export function chooseListener(
  listeners: readonly ServedListener[],
  hostHeader: string | undefined,
): ServedListener | undefined {
  if (listeners.length <= 1) return listeners[0];
  const host = hostName(hostHeader ?? '');
  return listeners.find((listener) => listener.dnsName === host) ?? listeners[0];
}

export function chooseAction(
  rules: readonly RoutingRule[],
  request: { readonly host?: string; readonly path: string },
): ListenerAction | undefined {
  const host = hostName(request.host ?? '');
  const path = request.path.split('?', 1)[0]!;
  for (const rule of rules) {
    const matches = rule.conditions.every((condition) =>
      condition.values.some((value) =>
        condition.field === 'host-header' ? wildcardMatch(value, host, true) : wildcardMatch(value, path),
      ),
    );
    if (matches) return rule.action;
  }
  return undefined;
}

/** `Example.COM:8080` → `example.com`; `[::1]:80` → `[::1]`. */
export function hostName(header: string): string {
  const host = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':', 1)[0]!;
  return host.toLowerCase();
}
