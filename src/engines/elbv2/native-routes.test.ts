// The native decisions against the engine's own routing (ref ecs-services-elb-logs §4.4, §4.7) on generated
// listeners and requests: a request the native proxy serves goes to the very group berth's proxy would forward it
// to, and everything else goes to berth's proxy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ListenerAction, RoutingRule, ServedListener } from './model.js';
import { type NativePort, nativeRequestForm, nativeRoutes, wildcardRegex } from './native-routes.js';
import { chooseAction, chooseListener } from './route-request.js';
import { wildcardMatch } from './wildcard-match.js';

const chars = (alphabet: string[], max: number) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((a) => a.join(''));
const patternChars = ['a', 'b', 'A', 'B', '*', '?', '.', '/', '-', '%', ':', '$'];
const valueChars = ['a', 'b', 'A', 'B', '.', '/', '-', '%', ':', '$', 'x'];

test('wildcardRegex matches exactly what wildcardMatch does: paths case-sensitively, hosts lowercased', () => {
  fc.assert(
    fc.property(chars(patternChars, 8), chars(valueChars, 10), (pattern, value) => {
      const path = new RegExp(wildcardRegex(pattern)!);
      assert.equal(path.test(value), wildcardMatch(pattern, value), `${pattern} ~ ${value}`);
      const host = new RegExp(wildcardRegex(pattern, true)!);
      assert.equal(
        host.test(value.toLowerCase()),
        wildcardMatch(pattern, value, true),
        `${pattern} ~i ${value}`,
      );
    }),
    { numRuns: 2000 },
  );
  assert.equal(wildcardRegex('/caf\u00e9'), undefined);
});

/** What the native proxy decides, read the way haproxy reads the compiled decisions. */
function decide(ports: readonly NativePort[], port: number, host: string, url: string): string | undefined {
  if (!new RegExp(nativeRequestForm.host).test(host) || !new RegExp(nativeRequestForm.url).test(url)) return;
  const name = host.toLowerCase().split(':', 1)[0]!;
  const path = url.split('?', 1)[0]!;
  for (const route of ports.find((p) => p.port === port)?.routes ?? []) {
    if (route.dnsName !== undefined && route.dnsName !== name) continue;
    const value = (on: 'host' | 'path') => (on === 'host' ? name : path);
    if (route.conditions.every((c) => c.patterns.some((p) => new RegExp(p).test(value(c.on)))))
      return route.to;
  }
  return undefined;
}

const groups = ['g-native', 'g-other'];
const action: fc.Arbitrary<ListenerAction> = fc.oneof(
  fc.constantFrom(...groups).map((arn) => ({ type: 'forward' as const, targetGroups: [{ arn, weight: 1 }] })),
  fc.constant({
    type: 'forward' as const,
    targetGroups: [
      { arn: 'g-native', weight: 1 },
      { arn: 'g-other', weight: 1 },
    ],
  }),
  fc.constant({ type: 'fixed-response' as const, statusCode: '418' }),
);
const condition = fc.record({
  field: fc.constantFrom('host-header' as const, 'path-pattern' as const),
  values: fc.array(fc.oneof(chars(patternChars, 6), fc.constant('x\u00e9*')), { maxLength: 2 }),
});
const rules: fc.Arbitrary<RoutingRule[]> = fc
  .tuple(
    fc.array(fc.record({ conditions: fc.array(condition, { maxLength: 2 }), action }), { maxLength: 4 }),
    action,
  )
  .map(([ruled, fallback]) => [...ruled, { conditions: [], action: fallback }]);
const dnsNames = ['web-1.us-east-1.elb.localhost', 'api-2.us-east-1.elb.localhost', 'aa.b'];
const listeners: fc.Arbitrary<ServedListener[]> = fc
  .tuple(fc.array(rules, { minLength: 1, maxLength: 3 }), fc.constantFrom(80, 8080))
  .map(([ruleSets, port]) =>
    ruleSets.map((r, i) => ({ arn: `l-${i}`, port, dnsName: dnsNames[i]!, rules: r })),
  );
const host = fc.oneof(
  fc.constantFrom(...dnsNames, 'WEB-1.us-east-1.elb.localhost:8080', 'aa.b:80', '[::1]:80', 'ab.b'),
  chars(valueChars, 6),
);
const url = fc.tuple(chars(valueChars, 6), fc.constantFrom('', '?q=*', '?/a')).map(([p, q]) => `/${p}${q}`);

test('the native decisions forward exactly what berth would forward to a natively served group, and nothing else', () => {
  fc.assert(
    fc.property(listeners, host, url, (served, hostHeader, target) => {
      const port = served[0]!.port;
      const compiled = nativeRoutes(served, (arn) => arn === 'g-native');
      const listener = chooseListener(served, hostHeader);
      const chosen = listener && chooseAction(listener.rules, { host: hostHeader, path: target });
      const native = decide(compiled, port, hostHeader, target);
      if (native !== undefined) {
        assert.equal(chosen?.type, 'forward');
        assert.deepEqual(chosen.type === 'forward' && chosen.targetGroups, [{ arn: native, weight: 1 }]);
      } else if (chosen?.type === 'forward' && chosen.targetGroups.length === 1) {
        // Left to berth's proxy only when the group is not native, or the request or a rule is not in native form.
        const readable =
          new RegExp(nativeRequestForm.host).test(hostHeader) && chosen.targetGroups[0]!.arn === 'g-native';
        if (readable) assert.ok(served.some((l) => JSON.stringify(l.rules).includes('\u00e9')));
      }
    }),
    { numRuns: 3000 },
  );
});

test('one listener: its rules in order, the first not natively served left to berth, the default last', () => {
  const forward = (arn: string) => ({ type: 'forward' as const, targetGroups: [{ arn, weight: 1 }] });
  const [only] = nativeRoutes(
    [
      {
        arn: 'l',
        port: 80,
        dnsName: 'web.elb.localhost',
        rules: [
          { conditions: [{ field: 'path-pattern', values: ['/api/*', '/v?'] }], action: forward('api') },
          { conditions: [{ field: 'host-header', values: ['Static.Example.com'] }], action: forward('cold') },
          { conditions: [], action: forward('web') },
        ],
      },
    ],
    (arn) => arn !== 'cold',
  );
  assert.deepEqual(only, {
    port: 80,
    routes: [
      { conditions: [{ on: 'path', patterns: ['^\\x2fapi\\x2f.*$', '^\\x2fv.$'] }], to: 'api' },
      { conditions: [{ on: 'host', patterns: ['^static\\x2eexample\\x2ecom$'] }], to: undefined },
      { conditions: [], to: 'web' },
    ],
  });
});
