// ELBv2 on the control-plane harness: the elbv2 part alone, with a data plane the test sees (claims, the last model,
// health it sets) or the real proxy on loopback, and an SDK client.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { NativeLbProxy } from '../adapters/lb-native/index.js';
import { LbProxy, type LbProxyOptions } from '../adapters/lb-proxy/index.js';
import { elbTargetsPort } from '../cli/control-plane/ecs-part.js';
import { elbv2Part, type ManagedDataPlane } from '../cli/control-plane/elbv2-part.js';
import type { DataPlaneModel, TargetHealth } from '../engines/elbv2/index.js';
import { BerthError } from '../errors/index.js';
import { controlPlaneHarness } from './control-plane-harness.js';

/** A data plane that listens nowhere: it records what ELBv2 asks and reports the health the test sets. */
export class RecordingDataPlane implements ManagedDataPlane {
  readonly claims: number[] = [];
  model: DataPlaneModel = { listeners: [], targetGroups: [] };
  /** Ports the host "refuses". */
  readonly taken = new Set<number>();
  readonly #health = new Map<string, TargetHealth>();
  readonly #listeners = new Set<Parameters<ManagedDataPlane['onHealthChange']>[0]>();

  async claim(port: number): Promise<void> {
    if (this.taken.has(port))
      throw new BerthError(
        'BERTH_PORT_IN_USE',
        `berth cannot listen on 127.0.0.1:${port} for this listener: the port is in use by another process`,
      );
    this.claims.push(port);
  }
  async apply(model: DataPlaneModel): Promise<void> {
    this.model = model;
  }
  health(group: string, target: { id: string; port: number }): TargetHealth | undefined {
    return this.#health.get(`${group} ${target.id}:${target.port}`);
  }
  setHealth(group: string, target: { id: string; port: number }, health: TargetHealth): void {
    this.#health.set(`${group} ${target.id}:${target.port}`, health);
    for (const listener of this.#listeners) listener(group, target, health);
  }
  onHealthChange(listener: Parameters<ManagedDataPlane['onHealthChange']>[0]): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  async close(): Promise<void> {}
}

export function elbv2Harness(dataPlane: ManagedDataPlane = new RecordingDataPlane()) {
  const h = controlPlaneHarness({ parts: [elbv2Part({ dataPlane: () => dataPlane })] });
  return {
    h,
    dataPlane,
    elb: h.client(ElasticLoadBalancingV2Client),
    targets: () => h.need(elbTargetsPort),
  };
}

/**
 * ELBv2 over the real data plane on loopback — berth's proxy alone (`node`, the default) or haproxy in front of it
 * (`haproxy`, its files in `nativeDir`, a temporary directory removed at close) — with the proxy's timings as the
 * test wants them.
 */
export function elbv2ProxyHarness(
  options: Partial<LbProxyOptions> & { readonly plane?: 'node' | 'haproxy' } = {},
) {
  let proxy: ManagedDataPlane | undefined;
  const nativeDir = mkdtempSync(join(tmpdir(), 'berth-lb-native-'));
  const h = controlPlaneHarness({
    parts: [
      elbv2Part({
        dataPlane: (deps) => {
          const settings = { clock: deps.clock, log: deps.log, ...options };
          proxy =
            options.plane === 'haproxy'
              ? new NativeLbProxy({ ...settings, dir: nativeDir })
              : new LbProxy(settings);
          return proxy;
        },
      }),
    ],
    signatureClock: 'real',
  });
  return {
    h,
    elb: h.client(ElasticLoadBalancingV2Client),
    targets: () => h.need(elbTargetsPort),
    nativeDir,
    close: async () => {
      await proxy?.close();
      rmSync(nativeDir, { recursive: true, force: true });
    },
  };
}
