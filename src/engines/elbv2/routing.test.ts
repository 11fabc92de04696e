// ALB's routing rules as pure functions (ref ecs-services-elb-logs §4.4, §4.7): wildcards, case rules, priority
// order, the default rule, the listener by Host; the LB's own pages byte for byte; matchers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { elbErrorPage } from './error-pages.js';
import type { RoutingRule } from './model.js';
import { chooseAction, chooseListener, hostName } from './route-request.js';
import { parseStatusMatcher } from './status-matcher.js';
import { wildcardMatch } from './wildcard-match.js';

test('wildcards: * any run (none included), ? exactly one; paths case sensitive, hosts not', () => {
  const cases: [string, string, boolean, boolean][] = [
    ['/api/*', '/api/', false, true],
    ['/api/*', '/api/users/1', false, true],
    ['/api/*', '/API/users', false, false],
    ['/img/?.png', '/img/a.png', false, true],
    ['/img/?.png', '/img/ab.png', false, false],
    ['*.example.com', 'www.EXAMPLE.com', true, true],
    ['*.example.com', 'example.com', true, false],
    ['a*b*c', 'axxbyyc', false, true],
    ['a*b*c', 'axxbyy', false, false],
    ['*', '', false, true],
  ];
  for (const [pattern, value, insensitive, expected] of cases)
    assert.equal(wildcardMatch(pattern, value, insensitive), expected, `${pattern} ~ ${value}`);
});

test('wildcards agree with the equivalent regular expression on hostile input, and stay fast', () => {
  const alphabet = fc.constantFrom('a', 'b', '*', '?', '/');
  const toRegex = (p: string) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\/]/g, '\\$&')
        .replaceAll('*', '.*')
        .replaceAll('?', '.')}$`,
      's',
    );
  fc.assert(
    fc.property(
      fc.string({ unit: alphabet, maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('a', 'b', '/'), maxLength: 16 }),
      (p, v) => assert.equal(wildcardMatch(p, v), toRegex(p).test(v)),
    ),
    { numRuns: 500 },
  );
  const started = performance.now();
  assert.equal(wildcardMatch(`${'*a'.repeat(64)}b`, 'a'.repeat(10_000)), false);
  assert.ok(performance.now() - started < 500);
});

const fixed = (body: string) => ({ type: 'fixed-response' as const, statusCode: '200', messageBody: body });
const rules: RoutingRule[] = [
  {
    conditions: [
      { field: 'host-header', values: ['api.example.com'] },
      { field: 'path-pattern', values: ['/v1/*'] },
    ],
    action: fixed('api-v1'),
  },
  { conditions: [{ field: 'path-pattern', values: ['/static/*', '/img/*'] }], action: fixed('static') },
  { conditions: [], action: fixed('default') },
];

test('rules in order: every condition must match, any value of one; the default rule last; the query is not part of the path', () => {
  const body = (host: string | undefined, path: string) => {
    const action = chooseAction(rules, { host, path });
    return action?.type === 'fixed-response' ? action.messageBody : undefined;
  };
  assert.equal(body('API.example.com:8080', '/v1/users?x=/static/'), 'api-v1');
  assert.equal(body('www.example.com', '/v1/users'), 'default');
  assert.equal(body(undefined, '/img/a.png'), 'static');
  assert.equal(body('x', '/static?q=1'), 'default');
  assert.equal(chooseAction([], { path: '/' }), undefined);
});

test('the listener on a shared port is chosen by Host; one alone serves every Host', () => {
  const a = { arn: 'a', port: 80, dnsName: 'a-1.us-east-1.elb.localhost', rules };
  const b = { arn: 'b', port: 80, dnsName: 'b-2.us-east-1.elb.localhost', rules };
  assert.equal(chooseListener([a, b], 'B-2.us-east-1.elb.localhost:80')?.arn, 'b');
  assert.equal(chooseListener([a, b], 'localhost')?.arn, 'a');
  assert.equal(chooseListener([b], 'anything')?.arn, 'b');
  assert.equal(hostName('[::1]:80'), '[::1]');
});

test('the LB pages: the observed Content-Lengths 162 (503) and 122 (502), and the derived 504 (ref ecs-services-elb-logs §4.7)', () => {
  assert.equal(Buffer.byteLength(elbErrorPage(503)), 162);
  assert.equal(Buffer.byteLength(elbErrorPage(502)), 122);
  assert.equal(Buffer.byteLength(elbErrorPage(504)), 132);
  assert.equal(
    elbErrorPage(503),
    '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n',
  );
});

test('matchers: one code, lists, ranges within 200-499; anything else refused', () => {
  const m = parseStatusMatcher('200,202,300-302')!;
  assert.deepEqual([200, 201, 202, 301, 303].map(m), [true, false, true, true, false]);
  for (const bad of ['600', '199', '300-200', 'abc', '', '200,'])
    assert.equal(parseStatusMatcher(bad), undefined, bad);
});
