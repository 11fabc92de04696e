import type { Caller, RequestContext } from '../../aws/index.js';
import type { Clock, Random, Sealer } from '../../ports/index.js';

/** "Authorization tokens are valid for 12 hours" (ref ecr §1.3, §2.2). */
const lifetimeMs = 12 * 60 * 60 * 1000;
const label = 'ecr-authorization-token';

/** Who a token stands for: the caller of GetAuthorizationToken, in its account and region (tokens are regional). */
export interface TokenGrant {
  readonly caller: Caller;
  readonly account: string;
  readonly region: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly grant: TokenGrant }
  | { readonly ok: false; readonly reason: 'invalid' | 'expired' };

/**
 * ECR registry passwords: the base64 of a JSON envelope shaped as ECR's (`payload`, `datakey`, `version` "2",
 * `type` "DATA_KEY", `expiration`; ref ecr §2.2), whose payload is the grant sealed under berth's master key, so
 * that nobody can make or alter one and the state dir keeps nothing. base64 never holds `:`, which the AWS CLI
 * splits on (ref ecr §4.1).
 */
export class AuthTokens {
  constructor(
    private readonly deps: { readonly sealer: Sealer; readonly clock: Clock; readonly random: Random },
  ) {}

  mint(ctx: RequestContext): { password: string; expiresAt: Date } {
    const expiresAt = this.deps.clock.now().getTime() + lifetimeMs;
    const grant: TokenGrant = { caller: ctx.caller, account: ctx.accountId, region: ctx.region, expiresAt };
    const envelope = {
      payload: this.deps.sealer.seal(Buffer.from(JSON.stringify(grant)), label),
      datakey: Buffer.from(this.deps.random.bytes(32)).toString('base64'),
      version: '2',
      type: 'DATA_KEY',
      expiration: Math.floor(expiresAt / 1000),
    };
    return {
      password: Buffer.from(JSON.stringify(envelope)).toString('base64'),
      expiresAt: new Date(expiresAt),
    };
  }

  check(password: string): TokenCheck {
    let grant: TokenGrant;
    try {
      const envelope = JSON.parse(Buffer.from(password, 'base64').toString('utf8')) as { payload?: unknown };
      if (typeof envelope.payload !== 'string') return { ok: false, reason: 'invalid' };
      grant = JSON.parse(this.deps.sealer.open(envelope.payload, label).toString('utf8')) as TokenGrant;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (this.deps.clock.now().getTime() >= grant.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }
}
