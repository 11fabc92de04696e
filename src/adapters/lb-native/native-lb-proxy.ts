/**
 * The ALB data plane with haproxy on the hot path (ref ecs-services-elb-logs §4.7): berth's proxy (LbProxy) stays
 * the authority — it runs the health checks, holds the model, and answers every request haproxy leaves to it
 * (fixed responses, redirects, weighted forwards, 503s) — while haproxy holds the listener ports and forwards what
 * it can decide exactly as berth would (engines/elbv2 nativeRoutes): a forward to one target group, to the targets
 * berth's picker would pick. After every model and every health change the configuration is rebuilt and haproxy
 * reloaded, changes coming meanwhile folded into the next reload. A health change is reported (DescribeTargetHealth,
 * ECS) once haproxy serves it, so what the API says is what the listener does.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DataPlaneModel,
  elbErrorPage,
  nativeRoutes,
  type TargetHealth,
  targetAddress,
} from '../../engines/elbv2/index.js';
import { LbProxy, type LbProxyOptions, routableTargets } from '../lb-proxy/index.js';
import { haproxyConfig, type NativeBackend } from './haproxy-config.js';
import { HaproxyProcess } from './haproxy-process.js';
import { ProxiedFront } from './proxied-front.js';

export interface NativeLbProxyOptions extends Omit<LbProxyOptions, 'listeners'> {
  /** Where haproxy's configuration, pid file and berth's socket live: a directory of the state dir. */
  readonly dir: string;
}

type HealthListener = Parameters<LbProxy['onHealthChange']>[0];
type TargetKey = { id: string; port: number };

export class NativeLbProxy {
  readonly #options: NativeLbProxyOptions;
  readonly #berth: LbProxy;
  readonly #front: ProxiedFront;
  readonly #haproxy: HaproxyProcess;
  readonly #token = randomBytes(12).toString('hex');
  #model: DataPlaneModel = { listeners: [], targetGroups: [] };
  /** Health as haproxy serves it; changes wait in `#changes` for the reload that serves them. */
  readonly #served = new Map<string, TargetHealth>();
  #changes: [string, TargetKey, TargetHealth][] = [];
  readonly #listeners = new Set<HealthListener>();
  #dirty = false;
  #queue: Promise<void> = Promise.resolve();
  readonly #stale: Promise<void>;
  #closed = false;

  constructor(options: NativeLbProxyOptions) {
    this.#options = options;
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    let front: ProxiedFront | undefined;
    this.#berth = new LbProxy({
      ...options,
      listeners: (host, handle) => {
        front = new ProxiedFront(host, handle, join(options.dir, 'berth.sock'));
        return front;
      },
    });
    this.#front = front!;
    this.#haproxy = new HaproxyProcess(options.dir, (code, signal) => {
      if (this.#closed) return;
      options.log.warn(`haproxy exited (${signal ?? `code ${code}`}); berth starts it again in 1 s`);
      // A pause, so that a haproxy that cannot stay up does not restart in a tight loop.
      setTimeout(() => this.#sync().catch((error: Error) => options.log.warn(error.message)), 1000).unref();
    });
    this.#stale = this.#haproxy.stopStale();
    this.#berth.onHealthChange((group, target, health) => {
      this.#changes.push([group, target, health]);
      this.#sync().catch((error: Error) => options.log.warn(error.message));
    });
  }

  async claim(port: number): Promise<void> {
    await this.#stale;
    await this.#berth.claim(port);
  }

  async apply(model: DataPlaneModel): Promise<void> {
    await this.#stale;
    await this.#berth.apply(model);
    this.#model = model;
    const served = new Set(
      model.targetGroups.flatMap((g) =>
        g.targets.filter((t) => t.drainingUntil === undefined).map((t) => keyOf(g.arn, t)),
      ),
    );
    for (const key of this.#served.keys()) if (!served.has(key)) this.#served.delete(key);
    await this.#sync();
  }

  /** The checks' latest finding, unless its state is not served yet: then the state haproxy serves. */
  health(targetGroupArn: string, target: TargetKey): TargetHealth | undefined {
    const served = this.#served.get(keyOf(targetGroupArn, target));
    const latest = this.#berth.health(targetGroupArn, target);
    return served && latest && served.state !== latest.state ? served : latest;
  }

  onHealthChange(listener: HealthListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.catch(() => undefined);
    await this.#haproxy.stop();
    await this.#berth.close();
  }

  /** Serves the current model and health; calls while one runs fold into the next. */
  #sync(): Promise<void> {
    this.#dirty = true;
    this.#queue = this.#queue.catch(() => undefined).then(() => (this.#dirty ? this.#serve() : undefined));
    return this.#queue;
  }

  async #serve(): Promise<void> {
    // A health change between haproxy's stop and the checks' must not start haproxy again.
    if (this.#closed) return;
    this.#dirty = false;
    const changes = this.#changes.splice(0);
    const model = this.#model;
    const checked = this.#checked(model);
    try {
      if (model.listeners.length === 0) await this.#haproxy.stop();
      else {
        await this.#front.listen();
        await this.#haproxy.configure(this.#config(model, checked));
      }
    } finally {
      // Reported even when haproxy refused the configuration: ECS must not wait for a change forever.
      for (const [key, health] of checked) this.#served.set(key, health);
      for (const [group, target, health] of changes)
        for (const listener of this.#listeners) listener(group, target, health);
    }
  }

  /** The health of every target in use now: what the configuration being built serves. */
  #checked(model: DataPlaneModel): Map<string, TargetHealth> {
    const checked = new Map<string, TargetHealth>();
    for (const group of model.targetGroups)
      for (const target of group.targets) {
        const health = this.#berth.health(group.arn, target);
        if (health && target.drainingUntil === undefined) checked.set(keyOf(group.arn, target), health);
      }
    return checked;
  }

  #config(model: DataPlaneModel, checked: Map<string, TargetHealth>): string {
    const backends: NativeBackend[] = [];
    for (const group of model.targetGroups) {
      const routable = routableTargets(group.targets, (t) => checked.get(keyOf(group.arn, t))?.state);
      if (routable.length > 0)
        backends.push({ arn: group.arn, servers: routable.map((t) => targetAddress(group.targetType, t)) });
    }
    const native = new Set(backends.map((b) => b.arn));
    const page = (status: 502 | 504) => {
      const file = join(this.#options.dir, `${status}.html`);
      writeFileSync(file, elbErrorPage(status), { mode: 0o600 });
      return file;
    };
    return haproxyConfig({
      host: this.#options.host ?? '127.0.0.1',
      ports: nativeRoutes(model.listeners, (arn) => native.has(arn)),
      backends,
      berthSocket: join(this.#options.dir, 'berth.sock'),
      pages: { 502: page(502), 504: page(504) },
      timeouts: {
        connectMs: this.#options.connectTimeoutMs ?? 10_000,
        idleMs: this.#options.idleTimeoutMs ?? 60_000,
      },
      token: this.#token,
    });
  }
}

function keyOf(group: string, target: TargetKey): string {
  return `${group} ${target.id}:${target.port}`;
}
