/**
 * The health checker (ref ecs-services-elb-logs §4.3, §4.5): every target of a group some listener forwards to is
 * checked with an HTTP GET of the group's path on its traffic port (or the health-check port) every interval, each
 * check bounded by the timeout, and its result applied by the pure step of engines/elbv2. The first check runs at
 * once, so a target that answers is healthy a moment after registration. Draining targets are not checked.
 */
import { request } from 'node:http';
import {
  afterCheck,
  type CheckedHealth,
  type CheckResult,
  type HealthCheckSettings,
  parseStatusMatcher,
  registering,
  type ServedTargetGroup,
  type TargetHealth,
  targetAddress,
} from '../../engines/elbv2/index.js';

export interface CheckTiming {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export type HealthListener = (
  targetGroupArn: string,
  target: { id: string; port: number },
  health: TargetHealth,
) => void;

interface Checked {
  readonly group: string;
  readonly target: { readonly id: string; readonly port: number };
  readonly settings: string;
  health: CheckedHealth;
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

export class HealthChecks {
  readonly #timing: (settings: HealthCheckSettings) => CheckTiming;
  readonly #listeners = new Set<HealthListener>();
  readonly #checked = new Map<string, Checked>();

  constructor(timing: (settings: HealthCheckSettings) => CheckTiming) {
    this.#timing = timing;
  }

  /** Checks exactly the non-draining targets of `groups`, restarting those whose group's settings changed. */
  follow(groups: readonly ServedTargetGroup[]): void {
    const wanted = new Set<string>();
    for (const group of groups) {
      const settings = JSON.stringify(group.healthCheck);
      for (const target of group.targets) {
        if (target.drainingUntil !== undefined) continue;
        const key = keyOf(group.arn, target);
        wanted.add(key);
        const current = this.#checked.get(key);
        if (current?.settings === settings) continue;
        if (current) this.#stop(current);
        const checked: Checked = {
          group: group.arn,
          target: { id: target.id, port: target.port },
          settings,
          health: registering,
          stopped: false,
        };
        this.#checked.set(key, checked);
        this.#run(checked, group);
      }
    }
    for (const [key, checked] of this.#checked) if (!wanted.has(key)) this.#stop(checked);
  }

  health(group: string, target: { id: string; port: number }): CheckedHealth | undefined {
    return this.#checked.get(keyOf(group, target))?.health;
  }

  onChange(listener: HealthListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stopAll(): void {
    for (const checked of this.#checked.values()) this.#stop(checked);
  }

  #stop(checked: Checked): void {
    checked.stopped = true;
    clearTimeout(checked.timer);
    this.#checked.delete(keyOf(checked.group, checked.target));
  }

  #run(checked: Checked, group: ServedTargetGroup): void {
    const settings = group.healthCheck;
    const timing = this.#timing(settings);
    const matcher = parseStatusMatcher(settings.httpCode) ?? ((status: number) => status === 200);
    const address = targetAddress(group.targetType, checked.target);
    const port = settings.port === 'traffic-port' ? address.port : Number(settings.port);
    const tick = async () => {
      const result = await probe(address.host, port, settings.path, timing.timeoutMs, matcher);
      if (checked.stopped) return;
      const before = checked.health.state;
      checked.health = afterCheck(checked.health, result, {
        healthy: settings.healthyThreshold,
        unhealthy: settings.unhealthyThreshold,
      });
      const { passes: _, failures: __, ...health } = checked.health;
      if (health.state !== before)
        for (const listener of this.#listeners) listener(checked.group, checked.target, health);
      checked.timer = setTimeout(tick, timing.intervalMs);
      checked.timer.unref();
    };
    void tick();
  }
}

/** One check: a fresh connection (no keep-alive), GET `path`, the status against the matcher. */
function probe(
  host: string,
  port: number,
  path: string,
  timeoutMs: number,
  matches: (status: number) => boolean,
): Promise<CheckResult> {
  return new Promise((resolve) => {
    const outgoing = request(
      { host, port, path, method: 'GET', agent: false, headers: { 'user-agent': 'ELB-HealthChecker/2.0' } },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        clearTimeout(timer);
        resolve(
          matches(status) ? { ok: true } : { ok: false, reason: 'Target.ResponseCodeMismatch', code: status },
        );
        outgoing.destroy();
      },
    );
    const timer = setTimeout(() => {
      resolve({ ok: false, reason: 'Target.Timeout' });
      outgoing.destroy();
    }, timeoutMs);
    outgoing.on('error', () => {
      clearTimeout(timer);
      resolve({ ok: false, reason: 'Target.FailedHealthChecks' });
    });
    outgoing.end();
  });
}

function keyOf(group: string, target: { id: string; port: number }): string {
  return `${group} ${target.id}:${target.port}`;
}
