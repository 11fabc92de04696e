export { accessDeniedMessage } from './access-denied-message.js';
export {
  type Decision,
  type DecisionReason,
  type EvaluationRequest,
  evaluate,
  type MatchedStatement,
  type PolicySet,
  type PolicyType,
} from './evaluate.js';
export { malformedMessages } from './malformed.js';
export {
  type AwsManagedPolicy,
  awsManagedPolicies,
  findAwsManagedPolicy,
  type ManagedPolicyDocument,
} from './managed-policies/index.js';
export { type ParsePolicyOptions, parsePolicy, validatePolicy } from './parse-policy.js';
export type { Policy, PolicyKind, PolicyVersion, Statement } from './policy.js';
export { policySize, policySizeLimits } from './policy-size.js';
export { principalFromArn, type RequestPrincipal } from './principal.js';
export { principalContextKeys } from './principal-context.js';
export type { PrincipalElement, PrincipalMatch } from './principal-element.js';
export {
  type ContextInput,
  type ContextValue,
  type LazyContextValue,
  RequestContext,
} from './request-context.js';
