/**
 * Target group and load balancer attributes (ref ecs-services-elb-logs §4.3): string values, validated per key.
 * The texts follow moto's (`'deregistration_delay.timeout_seconds' value '<v>' must be between '0-3600' inclusive`)
 * and AWS's "attribute key … is not recognized" [INF].
 */
import { elbv2Errors } from './errors.js';

type Check = (value: string) => boolean;
export type AttributeCheck = Check;
export type AttributeKind = 'Target group' | 'Load balancer' | 'Listener';

const integer =
  (min: number, max: number): Check =>
  (v) =>
    /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const bool: Check = (v) => v === 'true' || v === 'false';
const ranges: Record<string, string> = {};

function rangeOf(key: string, min: number, max: number): Check {
  ranges[key] = `${min}-${max}`;
  return integer(min, max);
}

export const targetGroupAttributeChecks: Readonly<Record<string, Check>> = {
  'deregistration_delay.timeout_seconds': rangeOf('deregistration_delay.timeout_seconds', 0, 3600),
  'stickiness.enabled': bool,
  'stickiness.type': (v) => v === 'lb_cookie' || v === 'app_cookie',
  'stickiness.lb_cookie.duration_seconds': rangeOf('stickiness.lb_cookie.duration_seconds', 1, 604800),
  'load_balancing.algorithm.type': (v) =>
    ['round_robin', 'least_outstanding_requests', 'weighted_random'].includes(v),
  'slow_start.duration_seconds': (v) => v === '0' || integer(30, 900)(v),
};

export const loadBalancerAttributeChecks: Readonly<Record<string, Check>> = {
  'idle_timeout.timeout_seconds': rangeOf('idle_timeout.timeout_seconds', 1, 4000),
  'deletion_protection.enabled': bool,
  'routing.http2.enabled': bool,
  'access_logs.s3.enabled': bool,
};

const headerName: Check = (v) => v === '' || /^[A-Za-z0-9-]{1,40}$/.test(v);
const anyValue: Check = () => true;

/**
 * An Application Load Balancer's listener attributes, as the ELBv2 API reference's ListenerAttribute lists them
 * (`tcp.idle_timeout.seconds` and `send_tcp_reset…` are Network/Gateway Load Balancers' and not recognized here).
 * The value rules are the ALB User Guide's ("HTTP header modification") [INF for the header-name length]; an empty
 * value keeps the header's own name, or adds no response header.
 */
export const listenerAttributeChecks: Readonly<Record<string, Check>> = {
  ...Object.fromEntries(
    [
      'x_amzn_mtls_clientcert_serial_number',
      'x_amzn_mtls_clientcert_issuer',
      'x_amzn_mtls_clientcert_subject',
      'x_amzn_mtls_clientcert_validity',
      'x_amzn_mtls_clientcert_leaf',
      'x_amzn_mtls_clientcert',
      'x_amzn_tls_version',
      'x_amzn_tls_cipher_suite',
    ].map((header) => [`routing.http.request.${header}.header_name`, headerName]),
  ),
  'routing.http.response.server.enabled': bool,
  'routing.http.response.strict_transport_security.header_value': anyValue,
  'routing.http.response.access_control_allow_origin.header_value': anyValue,
  'routing.http.response.access_control_allow_methods.header_value': anyValue,
  'routing.http.response.access_control_allow_headers.header_value': anyValue,
  'routing.http.response.access_control_allow_credentials.header_value': (v) => v === '' || v === 'true',
  'routing.http.response.access_control_expose_headers.header_value': anyValue,
  'routing.http.response.access_control_max_age.header_value': (v) => v === '' || integer(0, 86400)(v),
  'routing.http.response.content_security_policy.header_value': anyValue,
  'routing.http.response.x_content_type_options.header_value': (v) => v === '' || v === 'nosniff',
  'routing.http.response.x_frame_options.header_value': (v) =>
    v === '' || v === 'DENY' || v === 'SAMEORIGIN' || /^ALLOW-FROM \S+$/.test(v),
};

/** What DescribeListenerAttributes shows of a listener never modified: the server header on, nothing renamed or added. */
export const listenerAttributeDefaults: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(listenerAttributeChecks).map((key) => [
    key,
    key === 'routing.http.response.server.enabled' ? 'true' : '',
  ]),
);

/** `current` with `changes` applied, or the ValidationError / InvalidConfigurationRequest for the first bad one. */
export function applyAttributes(
  kind: AttributeKind,
  checks: Readonly<Record<string, Check>>,
  current: Readonly<Record<string, string>>,
  changes: readonly { Key: string; Value: string }[],
): Record<string, string> {
  const next = { ...current };
  for (const { Key, Value } of changes) {
    const check = checks[Key];
    if (!check) throw elbv2Errors.validation(`${kind} attribute key '${Key}' is not recognized`);
    if (!check(Value)) {
      const range = ranges[Key];
      throw elbv2Errors.invalidConfiguration(
        range
          ? `'${Key}' value '${Value}' must be between '${range}' inclusive`
          : `'${Key}' value '${Value}' is not valid`,
      );
    }
    next[Key] = Value;
  }
  return next;
}
