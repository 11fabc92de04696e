/**
 * What every ELBv2 resource class shares: the store, the clock and randomness, authorization, and the data plane
 * (kept in step with the store after every change). IAM is asked about `elasticloadbalancing:<Operation>` on the
 * resource the request names (or `*` for Describe* and creation of something not yet named), before state is
 * read, so a caller without permission learns nothing about existence.
 */
import type { Authorizer, RequestContext } from '../../aws/index.js';
import { elbv2Id } from '../../engines/elbv2/index.js';
import type { Clock, Persistence, Random } from '../../ports/index.js';
import type { Elbv2DataPlane } from './data-plane-port.js';
import { dataPlaneModel } from './domain/data-plane-model.js';
import { Elbv2Store } from './store.js';

export interface Elbv2Deps {
  readonly persistence: Persistence;
  readonly clock: Clock;
  readonly random: Random;
  readonly partition: 'aws';
  readonly authorizer: Authorizer;
  /** The listeners and health checks; without one (tests of the API alone) nothing listens and nothing is checked. */
  readonly dataPlane?: Elbv2DataPlane;
}

export class Elbv2Context {
  readonly store: Elbv2Store;
  readonly deps: Elbv2Deps;

  constructor(deps: Elbv2Deps) {
    this.deps = deps;
    this.store = new Elbv2Store(deps.persistence);
  }

  async authorize(ctx: RequestContext, resource = '*'): Promise<void> {
    await this.deps.authorizer.authorize(ctx, { action: `elasticloadbalancing:${ctx.operation}`, resource });
  }

  newId(): string {
    return elbv2Id(this.deps.random.bytes(8));
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** Hands the data plane the model of the stored state (every scope: the ports are the host's). */
  async sync(): Promise<void> {
    await this.deps.dataPlane?.apply(dataPlaneModel(this.store.everything(), this.now()));
  }

  /** Makes sure the data plane can listen on `port` before a listener is stored on it. */
  async claim(port: number): Promise<void> {
    await this.deps.dataPlane?.claim(port);
  }
}
