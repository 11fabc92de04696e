import type { ContextValue, LazyContextValue, Policy } from '../../engines/iam/index.js';
import type { RequestContext } from '../context.js';

/** One authorization question: may the caller of `ctx` perform `action` on `resource`? */
export interface AuthorizationRequest {
  /** `service:Action`, e.g. `secretsmanager:GetSecretValue`. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without one. */
  readonly resource: string;
  /**
   * The resource's own policy, when the service keeps one: a secret's resource policy (kind `resource`), a role's
   * trust policy (`trust`), a KMS key policy (`key`). Trust and key policies must allow explicitly (ref aws-iam-and-protocols §1.3).
   */
  readonly resourcePolicy?: Policy;
  /** The account that owns the resource, when the ARN does not say (ref aws-iam-and-protocols §1.4). */
  readonly resourceAccount?: string;
  /**
   * How an AccessDenied text names the resource, when AWS names it otherwise than the evaluated ARN: as the caller
   * wrote it (a secret's name), or IAM's `role NAME` form. Evaluation always uses `resource`.
   */
  readonly displayResource?: string;
  /**
   * Service-specific condition keys: `kms:ViaService`, `kms:CallerAccount`, `secretsmanager:SecretId`, … A value
   * that costs something to work out (`kms:ResourceAliases`) may be a function, called only if a policy reads it.
   */
  readonly context?: Readonly<Record<string, ContextValue | LazyContextValue | undefined>>;
}

/**
 * The authorization port. The gateway calls it before a handler runs (for operations whose resource the input
 * names); services whose decision needs their own state (a resource policy, a key found from a ciphertext) receive
 * it too and call it themselves. It resolves when the request is allowed and throws otherwise — normally
 * `new FrameworkError('accessDenied', <IAM's "User: … is not authorized to perform: …" text>)`, which each protocol
 * renders with its own name (JSON AccessDeniedException 400, Query AccessDenied 403).
 */
export interface Authorizer {
  authorize(ctx: RequestContext, request: AuthorizationRequest): Promise<void>;
}
