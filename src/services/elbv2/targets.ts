/**
 * Registered targets and their health (ref ecs-services-elb-logs §4.5). Registering an already registered target
 * changes nothing (a draining one is registered again); DeregisterTargets "returns successfully" for a target that
 * is not registered, and a deregistered target drains for the group's `deregistration_delay.timeout_seconds` before
 * it is gone. Health: draining while it drains; `unused`/Target.NotInUse while no listener forwards to its group;
 * else what the data plane's checks found, `initial`/Elb.RegistrationInProgress before the first.
 */
import { health as healthOf, type TargetHealth } from '../../engines/elbv2/index.js';
import type { TargetRef } from './data-plane-port.js';
import { liveTargets } from './domain/data-plane-model.js';
import type { RegisteredTarget, TargetGroupRecord } from './domain/records.js';
import type { Elbv2Context } from './elbv2-context.js';
import { elbv2Errors } from './errors.js';
import { attributesOf, type TargetGroups } from './target-groups.js';

export interface TargetInput {
  readonly id: string;
  readonly port?: number;
  readonly availabilityZone?: string;
}

export interface TargetHealthEntry {
  readonly target: RegisteredTarget;
  readonly health: TargetHealth;
}

const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export class Targets {
  readonly #c: Elbv2Context;
  readonly #groups: TargetGroups;
  /** Pending drains, ended early by `close` (berth up stops: nobody waits for them any more). */
  readonly #drains = new Set<() => void>();
  #closed = false;

  constructor(context: Elbv2Context, groups: TargetGroups) {
    this.#c = context;
    this.#groups = groups;
  }

  async register(arn: string, inputs: readonly TargetInput[]): Promise<void> {
    const tg = this.#groups.find(arn);
    for (const input of inputs)
      if (tg.targetType === 'ip' && !ipv4.test(input.id))
        throw elbv2Errors.invalidTarget(`The IP address '${input.id}' is not a valid IPv4 address`);
    this.#update(arn, (targets) => {
      const added = inputs.map((input) => ({
        id: input.id,
        port: input.port ?? tg.port,
        ...(input.availabilityZone === undefined ? {} : { availabilityZone: input.availabilityZone }),
      }));
      return [...targets.filter((t) => !added.some((a) => same(a, t))), ...added];
    });
    await this.#c.sync();
  }

  /** Starts draining; `drained` resolves when the deregistration delay has passed and the targets are gone. */
  async deregister(arn: string, inputs: readonly TargetInput[]): Promise<{ drained: Promise<void> }> {
    const tg = this.#groups.find(arn);
    const delayMs = Number(attributesOf(tg)['deregistration_delay.timeout_seconds']) * 1000;
    const until = new Date(this.#c.now().getTime() + delayMs).toISOString();
    const refs = inputs.map((input) => ({ id: input.id, port: input.port ?? tg.port }));
    this.#update(arn, (targets) =>
      targets.flatMap((t) => {
        if (!refs.some((r) => same(r, t)) || t.drainingUntil !== undefined) return [t];
        return delayMs === 0 ? [] : [{ ...t, drainingUntil: until }];
      }),
    );
    await this.#c.sync();
    return { drained: delayMs === 0 ? Promise.resolve() : this.#drained(arn, delayMs) };
  }

  async #drained(arn: string, delayMs: number): Promise<void> {
    // A deregistration whose data-plane sync was still under way at close (the native plane reloads haproxy) must
    // not start a timer that holds berth up's exit for the whole delay.
    if (this.#closed) return;
    const ended = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(true), delayMs);
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        this.#drains.delete(cancel);
        resolve(elapsed);
      };
      const cancel = () => finish(false);
      this.#drains.add(cancel);
    });
    if (!ended) return;
    // The group may be gone meanwhile: then so are its targets.
    if (this.#c.store.targetGroup(arn)) this.#update(arn, (targets) => targets);
    await this.#c.sync();
  }

  /** Ends the pending drains' timers; the drained targets go when the store is next read after their delay. */
  close(): void {
    this.#closed = true;
    for (const cancel of [...this.#drains]) cancel();
  }

  /** The health of the group's targets, or of the named ones (unused/Target.NotRegistered when not registered). */
  health(arn: string, named?: readonly TargetInput[]): TargetHealthEntry[] {
    const tg = this.#groups.find(arn);
    const live = liveTargets(tg, this.#c.now());
    if (!named?.length) return live.map((target) => ({ target, health: this.#healthOf(tg, target) }));
    return named.map((input) => {
      const ref = { id: input.id, port: input.port ?? tg.port };
      const target = live.find((t) => same(t, ref));
      return target
        ? { target, health: this.#healthOf(tg, target) }
        : { target: ref, health: healthOf('unused', 'Target.NotRegistered') };
    });
  }

  #healthOf(tg: TargetGroupRecord, target: RegisteredTarget): TargetHealth {
    if (target.drainingUntil !== undefined) return healthOf('draining', 'Target.DeregistrationInProgress');
    if (this.#groups.loadBalancersOf(tg.arn).length === 0) return healthOf('unused', 'Target.NotInUse');
    return (
      this.#c.deps.dataPlane?.health(tg.arn, target) ?? healthOf('initial', 'Elb.RegistrationInProgress')
    );
  }

  /** Rewrites the group's targets in one transaction, dropping those whose draining is over. */
  #update(arn: string, change: (targets: RegisteredTarget[]) => RegisteredTarget[]): void {
    this.#c.store.transaction(() => {
      const tg = this.#groups.find(arn);
      const next = { ...tg, targets: change(liveTargets(tg, this.#c.now())) };
      this.#c.store.targetGroups.put(tg, tg.name, next);
    });
  }
}

function same(a: TargetRef, b: TargetRef): boolean {
  return a.id === b.id && a.port === b.port;
}
