import { tryParseArn } from '../../engines/arn/index.js';
import {
  accessDeniedMessage,
  RequestContext as ConditionContext,
  type ContextValue,
  type EvaluationRequest,
  evaluate,
  type Policy,
  principalContextKeys,
  type RequestPrincipal,
} from '../../engines/iam/index.js';
import type { Caller, RequestContext } from '../context.js';
import { FrameworkError } from '../errors.js';
import type { AuthorizationRequest, Authorizer } from './authorizer.js';

/** Everything IAM evaluation needs to know about the caller, gathered from the IAM and STS state. */
export interface CallerIdentity {
  readonly principal: RequestPrincipal;
  /** Inline and attached managed policies of the user or role; none for root. */
  readonly identityPolicies: readonly Policy[];
  readonly boundary?: Policy;
  /** Session policies passed to AssumeRole; undefined when none were passed (reference §1.6). */
  readonly sessionPolicies?: readonly Policy[];
  /** Tags of the user or role, and session tags: `aws:PrincipalTag/<key>`. */
  readonly principalTags?: Readonly<Record<string, string>>;
  /** When temporary credentials were issued: `aws:TokenIssueTime`. */
  readonly tokenIssuedAt?: Date;
}

/** Finds the caller's identity; the composition root implements it over the IAM and STS stores. */
export type IdentityResolver = (caller: Caller) => CallerIdentity | Promise<CallerIdentity>;

/**
 * The Authorizer that asks the IAM policy engine, with the request context AWS would build
 * (reference/aws-iam-and-protocols.md §1.11), and denies with AWS's AccessDenied text (§1.13).
 */
export function createIamAuthorizer(resolveIdentity: IdentityResolver): Authorizer {
  return {
    async authorize(ctx, request) {
      const identity = await resolveIdentity(ctx.caller);
      const evaluation: EvaluationRequest = {
        principal: identity.principal,
        action: request.action,
        resource: request.resource,
        resourceAccount: request.resourceAccount,
        context: conditionContext(ctx, identity, request),
      };
      const decision = evaluate(evaluation, {
        identity: identity.identityPolicies,
        resource: request.resourcePolicy,
        boundary: identity.boundary,
        session: identity.sessionPolicies,
      });
      if (decision.result !== 'Allow') {
        throw new FrameworkError(
          'accessDenied',
          accessDeniedMessage(evaluation, decision, { resourceName: request.displayResource }),
        );
      }
    },
  };
}

/** The condition keys of one request: global keys from the request and the caller, then the service's own. */
export function conditionContext(
  ctx: RequestContext,
  identity: CallerIdentity,
  request: AuthorizationRequest,
): ConditionContext {
  const keys: Record<string, ContextValue | undefined> = {
    ...principalContextKeys(identity.principal),
    'aws:userid': ctx.caller.principal.userId,
    'aws:SourceIp': ctx.sourceIp,
    'aws:UserAgent': ctx.userAgent,
    'aws:CurrentTime': ctx.receivedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(ctx.receivedAt.getTime() / 1000)),
    'aws:SecureTransport': String(ctx.tls),
    'aws:RequestedRegion': ctx.region,
    'aws:ResourceAccount':
      request.resourceAccount ?? (tryParseArn(request.resource)?.account || ctx.accountId),
    'aws:TokenIssueTime': identity.tokenIssuedAt?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  for (const [key, value] of Object.entries(identity.principalTags ?? {}))
    keys[`aws:PrincipalTag/${key}`] = value;
  return new ConditionContext({ ...keys, ...request.context });
}
