import { tryParseArn } from '../../engines/arn/index.js';
import {
  accessDeniedMessage,
  RequestContext as ConditionContext,
  type ContextInput,
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
  /** Session policies passed to AssumeRole; undefined when none were passed (ref aws-iam-and-protocols §1.6). */
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

/**
 * The condition keys of one request: the service's own on top of the request's global keys, on top of the
 * caller's (built once per caller identity and shared). Values few policies read are lazy.
 */
export function conditionContext(
  ctx: RequestContext,
  identity: CallerIdentity,
  request: AuthorizationRequest,
): ConditionContext {
  const global = new ConditionContext(
    {
      'aws:userid': ctx.caller.principal.userId,
      'aws:SourceIp': ctx.sourceIp,
      'aws:UserAgent': ctx.userAgent,
      'aws:CurrentTime': () => isoSeconds(ctx.receivedAt),
      'aws:EpochTime': () => String(Math.floor(ctx.receivedAt.getTime() / 1000)),
      'aws:SecureTransport': ctx.tls,
      'aws:RequestedRegion': ctx.region,
      'aws:ResourceAccount': () =>
        request.resourceAccount ?? (tryParseArn(request.resource)?.account || ctx.accountId),
    },
    callerContext(identity),
  );
  return request.context ? new ConditionContext(request.context, global) : global;
}

/** Identities are kept by the resolver while nothing about them changes, so their keys are too. */
const callerContexts = new WeakMap<CallerIdentity, ConditionContext>();

/** The keys that describe the caller: principal keys, `aws:TokenIssueTime`, `aws:PrincipalTag/…`. */
function callerContext(identity: CallerIdentity): ConditionContext {
  let context = callerContexts.get(identity);
  if (!context) {
    const keys: Record<string, ContextInput> = {
      ...principalContextKeys(identity.principal),
      'aws:TokenIssueTime': identity.tokenIssuedAt && isoSeconds(identity.tokenIssuedAt),
    };
    for (const [key, value] of Object.entries(identity.principalTags ?? {}))
      keys[`aws:PrincipalTag/${key}`] = value;
    context = new ConditionContext(keys);
    callerContexts.set(identity, context);
  }
  return context;
}

/** ISO 8601 to the second, as AWS gives `aws:CurrentTime` and `aws:TokenIssueTime`. */
function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
