/**
 * The haproxy configuration of the native data plane, from the compiled routing (engines/elbv2 nativeRoutes): one
 * frontend per listener port on 127.0.0.1; requests not in native form, and every decision left to berth, go to
 * berth's own proxy over a unix socket with the PROXY protocol (so it sees the client's address and the listener
 * port); a forward to a natively served group goes to that group's routable targets, round robin, with the request
 * headers berth's proxy adds (forward-to-target.ts) and the load balancer's 502/504 pages (engines/elbv2
 * error-pages.ts). haproxy reports a failed connection to a target as 503: it is rewritten to the 502 ALB answers
 * (with ALB's reason phrase), haproxy's own pages recognised by a per-process token no target can know. Two
 * differences remain that no HTTP client reads differently: haproxy writes header names lowercase, and leaves out
 * `Connection: keep-alive`, the default of HTTP/1.1. A connect timeout is a failed connection to haproxy: 502,
 * where berth's proxy answers 504 (10 s without an answer to a SYN; a local target refuses at once).
 */
import { type NativePort, nativeRequestForm } from '../../engines/elbv2/index.js';

export interface NativeBackend {
  readonly arn: string;
  readonly servers: readonly { readonly host: string; readonly port: number }[];
}

export interface HaproxyConfigInput {
  readonly host: string;
  readonly ports: readonly NativePort[];
  /** The natively served groups, each with its routable targets (never empty). */
  readonly backends: readonly NativeBackend[];
  /** berth's proxy behind haproxy. */
  readonly berthSocket: string;
  /** The bodies of the load balancer's pages, as files. */
  readonly pages: { readonly 502: string; readonly 504: string };
  readonly timeouts: { readonly connectMs: number; readonly idleMs: number };
  /** Marks haproxy's own 503 (a target that could not be reached): random per berth process. */
  readonly token: string;
}

export function haproxyConfig(input: HaproxyConfigInput): string {
  const { timeouts, token } = input;
  const backendOf = new Map(input.backends.map((b, i) => [b.arn, `group${i}`]));
  const page = (file: string) =>
    `content-type text/html file ${file} hdr Server awselb/2.0 hdr Date "%[date,http_date]" hdr X-Berth-Lb ${token}`;
  const lines = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    `  timeout connect ${timeouts.connectMs}ms`,
    `  timeout client ${timeouts.idleMs}ms`,
    `  timeout server ${timeouts.idleMs}ms`,
    `  timeout http-keep-alive ${timeouts.idleMs}ms`,
    `  http-error status 502 ${page(input.pages[502])}`,
    `  http-error status 503 ${page(input.pages[502])}`,
    `  http-error status 504 ${page(input.pages[504])}`,
  ];
  for (const { port, routes } of input.ports) {
    lines.push(
      `frontend listener${port}`,
      `  bind ${input.host}:${port}`,
      `  http-after-response set-status 502 reason "Bad Gateway" if { status 502:503 } { res.fhdr(x-berth-lb) -m str ${token} }`,
      `  http-after-response del-header x-berth-lb if { res.fhdr(x-berth-lb) -m str ${token} }`,
      '  acl one_host req.fhdr_cnt(host) eq 1',
      `  acl host_form req.fhdr(host) -m reg '${nativeRequestForm.host}'`,
      `  acl url_form url -m reg '${nativeRequestForm.url}'`,
      // berth's proxy joins repeated headers with ", "; haproxy would read only the last: such requests are berth's.
      '  acl one_forwarded req.fhdr_cnt(x-forwarded-for) le 1',
      '  acl one_trace req.fhdr_cnt(x-amzn-trace-id) le 1',
      // berth's proxy drops Upgrade (no WebSocket through the ALB here); haproxy would tunnel it.
      '  acl upgrade req.hdr_cnt(upgrade) gt 0',
      '  http-request set-var(txn.host) req.fhdr(host),lower,field(1,:)',
      '  http-request set-var(txn.path) url,field(1,?)',
      '  use_backend berth unless one_host host_form url_form one_forwarded one_trace !upgrade',
    );
    routes.forEach((route, r) => {
      const acls = route.conditions.map((condition, c) => {
        const patterns = condition.patterns.map((p) => `'${p}'`).join(' ');
        lines.push(`  acl r${r}c${c} var(txn.${condition.on}) -m reg ${patterns}`);
        return `r${r}c${c}`;
      });
      if (route.dnsName !== undefined) acls.unshift(`{ var(txn.host) -m str ${route.dnsName} }`);
      const backend = route.to === undefined ? 'berth' : backendOf.get(route.to)!;
      lines.push(`  use_backend ${backend}${acls.length ? ` if ${acls.join(' ')}` : ''}`);
    });
    lines.push('  default_backend berth');
  }
  input.backends.forEach((backend, i) => {
    lines.push(`backend group${i}`, '  balance roundrobin', ...albRequestHeaders);
    backend.servers.forEach((server, s) => {
      lines.push(
        `  server target${s} ${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`,
      );
    });
  });
  // berth's proxy keeps its own target timeouts: haproxy waits longer than they for its answer.
  lines.push(
    'backend berth',
    `  timeout server ${timeouts.connectMs + timeouts.idleMs + 1000}ms`,
    `  server berth unix@${input.berthSocket} send-proxy`,
    '',
  );
  return lines.join('\n');
}

/** What forward-to-target.ts adds and drops (ref ecs-services-elb-logs §4.7). */
const traceId = '1-%[date,bytes(4),hex,lower]-%[uuid,regsub(-,,g),bytes(0,24)]';
const albRequestHeaders = [
  '  http-request del-header keep-alive',
  '  http-request del-header proxy-connection',
  '  http-request del-header te',
  '  http-request del-header trailer',
  '  http-request set-header X-Forwarded-For "%[req.fhdr(x-forwarded-for)], %[src]" if { req.fhdr(x-forwarded-for) -m len 1: }',
  '  http-request set-header X-Forwarded-For %[src] unless { req.fhdr(x-forwarded-for) -m len 1: }',
  '  http-request set-header X-Forwarded-Proto http',
  '  http-request set-header X-Forwarded-Port %[dst_port]',
  `  http-request set-header X-Amzn-Trace-Id "Self=${traceId};%[req.fhdr(x-amzn-trace-id)]" if { req.fhdr(x-amzn-trace-id) -m sub Root= }`,
  `  http-request set-header X-Amzn-Trace-Id "Root=${traceId}" unless { req.fhdr(x-amzn-trace-id) -m sub Root= }`,
];
