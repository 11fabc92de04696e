import type { RequestContext, ServiceDeps } from '../../aws/index.js';
import type { ContextValue } from '../../engines/iam/index.js';
import { IamDirectory } from './directory.js';
import { IamStore } from './store.js';

/** IAM needs the shared ports only. */
export type IamServiceDeps = ServiceDeps;

export interface IamAuthorization {
  /** The resource ARN evaluated against policies, or `*`. */
  readonly resource: string;
  /**
   * How IAM names the resource in its AccessDenied text when it differs from the ARN: an existing role or user is
   * `role NAME` / `user NAME`, a policy listing `policy path /` (observed in real IAM denials, e.g. "…perform:
   * iam:GetRole on resource: role dev-role-iam because no identity-based policy allows…"), while a role about to be
   * created is named by ARN.
   */
  readonly display?: string;
  readonly context?: Readonly<Record<string, ContextValue | undefined>>;
  /** Set for AWS managed policies, whose ARNs carry the account `aws`: they are readable from every account. */
  readonly resourceAccount?: string;
}

/** What every IAM operation works with: the store, the directory, the ports, and authorization as IAM does it. */
export class IamRuntime {
  readonly store: IamStore;
  readonly directory: IamDirectory;
  readonly deps: IamServiceDeps;

  constructor(deps: IamServiceDeps) {
    this.deps = deps;
    this.store = new IamStore(deps.persistence);
    this.directory = new IamDirectory(this.store, deps.sealer, deps.partition);
  }

  get partition(): string {
    return this.deps.partition;
  }

  /** The time of a change, to the second: IAM's timestamps (CreateDate …) carry no fractions. */
  now(): Date {
    return new Date(Math.floor(this.deps.clock.now().getTime() / 1000) * 1000);
  }

  /**
   * Asks the authorizer about `iam:<Operation>` on the resource, after input validation and before anything is
   * read back to the caller or changed (so a caller without permission learns nothing about existence).
   */
  async authorize(ctx: RequestContext, request: IamAuthorization): Promise<void> {
    await this.deps.authorizer.authorize(ctx, {
      action: `iam:${ctx.operation}`,
      resource: request.resource,
      resourceAccount: request.resourceAccount,
      displayResource: request.display,
      context: request.context,
    });
  }

  /** The caller's own IAM user name, for operations whose UserName defaults to the caller (GetUser, …). */
  callerUserName(ctx: RequestContext): string | undefined {
    const { arn } = ctx.caller.principal;
    const match = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
    return match?.[1];
  }
}

/** `role NAME` as IAM's AccessDenied texts name an existing role or user (path without its leading slash). */
export function displayEntity(kind: 'role' | 'user', name: string, path?: string): string {
  return `${kind} ${path ? path.slice(1) : ''}${name}`;
}
