import type { Clock, Persistence, Random, Sealer } from '../ports/index.js';
import type { Authorizer } from './gateway/authorizer.js';

/**
 * The ports every service is built from (a service's own deps extend these with the ports of the services it needs,
 * like Secrets Manager's KMS port). Services never see HTTP, adapters or each other (DESIGN.md).
 */
export interface ServiceDeps {
  readonly persistence: Persistence;
  readonly sealer: Sealer;
  readonly clock: Clock;
  readonly random: Random;
  /** IAM evaluation; services call it for operations their handlers authorize. */
  readonly authorizer: Authorizer;
  /** The account and region berth serves by default; requests act in their caller's (ctx.accountId). */
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}
