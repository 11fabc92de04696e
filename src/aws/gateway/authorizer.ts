import type { RequestContext } from '../context.js';

/**
 * The authorization port the gateway calls before a handler runs (IAM evaluation arrives from the IAM engine via
 * the composition root). It resolves when the request is allowed and throws otherwise — normally
 * `new FrameworkError('accessDenied', <IAM's "User: … is not authorized to perform: …" text>)`, which each protocol
 * renders with its own name (JSON AccessDeniedException 400, Query AccessDenied 403).
 */
export interface Authorizer {
  authorize(ctx: RequestContext, action: string, resource: string): Promise<void>;
}
