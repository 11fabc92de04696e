// engines/elbv2: ALB's pure rules — ARNs and DNS names, routing, target health, matchers, the LB's own pages.
export {
  type Elbv2ResourceKind,
  elbv2Arns,
  elbv2DnsName,
  elbv2Id,
  type ParsedElbv2Arn,
  parseElbv2Arn,
} from './elbv2-arns.js';
export { type ElbErrorStatus, elbErrorPage, elbErrorTitles } from './error-pages.js';
export type {
  ConditionField,
  DataPlaneModel,
  FixedResponseAction,
  ForwardAction,
  HealthCheckSettings,
  ListenerAction,
  RedirectAction,
  RoutingRule,
  RuleCondition,
  ServedListener,
  ServedTarget,
  ServedTargetGroup,
} from './model.js';
export { targetAddress } from './model.js';
export {
  type NativeCondition,
  type NativePort,
  type NativeRoute,
  nativeRequestForm,
  nativeRoutes,
  wildcardRegex,
} from './native-routes.js';
export { chooseAction, chooseListener, hostName } from './route-request.js';
export { parseStatusMatcher, type StatusMatcher } from './status-matcher.js';
export {
  afterCheck,
  type CheckedHealth,
  type CheckResult,
  type HealthReason,
  health,
  healthReasons,
  registering,
  type TargetHealth,
  type TargetHealthState,
  targetHealthLifecycle,
} from './target-health.js';
export { wildcardMatch } from './wildcard-match.js';
