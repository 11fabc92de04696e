/**
 * The ALB data plane on this host (ref ecs-services-elb-logs §4.7): every listener port listens on 127.0.0.1 and
 * serves its listeners' rules; targets get health checks on their group's settings; draining targets get no new
 * requests, and are gone from the groups served once their deregistration delay ends. It follows the model ELBv2 hands it after every
 * change and holds nothing else: at `berth up` start the model is rebuilt from the stored load balancers.
 */
import type { Agent } from 'node:http';
import type {
  DataPlaneModel,
  HealthCheckSettings,
  ServedListener,
  ServedTarget,
  ServedTargetGroup,
  TargetHealth,
} from '../../engines/elbv2/index.js';
import type { Clock } from '../../ports/index.js';
import type { Logger } from '../logger/index.js';
import { keepAliveAgent } from './forward-to-target.js';
import { type CheckTiming, HealthChecks, type HealthListener } from './health-checks.js';
import { ListenerSockets, type PortListeners, type RequestHandler } from './listener-sockets.js';
import { type ProxyEnv, serve } from './request-path.js';
import { TargetPicker } from './target-picker.js';

export interface LbProxyOptions {
  readonly clock: Clock;
  readonly log: Pick<Logger, 'warn'>;
  /** Where listeners listen; 127.0.0.1. */
  readonly host?: string;
  /** AWS's: a 10 s connect timeout, a 60 s idle timeout (the load balancer's default idle_timeout). */
  readonly connectTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  /** The checks' pace; the group's interval and timeout unless a test shortens them. */
  readonly checkTiming?: (settings: HealthCheckSettings) => CheckTiming;
  /** What accepts the listeners' connections; default a node:http server per port (ListenerSockets). */
  readonly listeners?: (host: string, handle: RequestHandler) => PortListeners;
}

export class LbProxy {
  readonly #clock: Clock;
  readonly #sockets: PortListeners;
  readonly #checks: HealthChecks;
  readonly #agent: Agent = keepAliveAgent();
  readonly #env: ProxyEnv;
  /** The model indexed once per change (by port, by group ARN), so that a request allocates no routing tables. */
  #byPort = new Map<number, readonly ServedListener[]>();
  #groups = new Map<string, ServedTargetGroup>();

  constructor(options: LbProxyOptions) {
    this.#clock = options.clock;
    this.#checks = new HealthChecks(
      options.checkTiming ??
        ((s) => ({ intervalMs: s.intervalSeconds * 1000, timeoutMs: s.timeoutSeconds * 1000 })),
    );
    this.#env = {
      listeners: (port) => this.#byPort.get(port) ?? [],
      group: (arn) => this.#live(this.#groups.get(arn)),
      stateOf: (group, target) => this.#checks.health(group, target)?.state,
      picker: new TargetPicker(),
      agent: this.#agent,
      timeouts: { connectMs: options.connectTimeoutMs ?? 10_000, idleMs: options.idleTimeoutMs ?? 60_000 },
    };
    const listen = options.listeners ?? ((host, handle) => new ListenerSockets(host, handle));
    this.#sockets = listen(options.host ?? '127.0.0.1', (port, request, response, client) =>
      serve(this.#env, port, request, response, client),
    );
  }

  async claim(port: number): Promise<void> {
    await this.#sockets.claim(port);
  }

  async apply(model: DataPlaneModel): Promise<void> {
    const byPort = new Map<number, ServedListener[]>();
    for (const listener of model.listeners)
      byPort.set(listener.port, [...(byPort.get(listener.port) ?? []), listener]);
    this.#byPort = byPort;
    this.#groups = new Map(model.targetGroups.map((group) => [group.arn, group]));
    const ports = new Set(model.listeners.map((l) => l.port));
    await Promise.all(
      this.#sockets
        .ports()
        .filter((p) => !ports.has(p))
        .map((p) => this.#sockets.release(p)),
    );
    await Promise.all([...ports].map((port) => this.#sockets.claim(port)));
    this.#checks.follow(model.targetGroups);
  }

  health(targetGroupArn: string, target: { id: string; port: number }): TargetHealth | undefined {
    const checked = this.#checks.health(targetGroupArn, target);
    if (!checked) return undefined;
    const { passes: _, failures: __, ...health } = checked;
    return health;
  }

  onHealthChange(listener: HealthListener): () => void {
    return this.#checks.onChange(listener);
  }

  /** Stops listening and checking (berth up stops). */
  async close(): Promise<void> {
    this.#checks.stopAll();
    await this.#sockets.closeAll();
    this.#agent.destroy();
  }

  /** The group with its draining targets whose delay is over left out (the group itself when none drains). */
  #live(group: ServedTargetGroup | undefined): ServedTargetGroup | undefined {
    if (!group || group.targets.every((t) => t.drainingUntil === undefined)) return group;
    const now = this.#clock.now().getTime();
    const live = (t: ServedTarget) => t.drainingUntil === undefined || t.drainingUntil > now;
    return { ...group, targets: group.targets.filter(live) };
  }
}
