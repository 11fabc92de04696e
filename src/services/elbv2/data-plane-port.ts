import type { DataPlaneModel, TargetHealth } from '../../engines/elbv2/index.js';

export interface TargetRef {
  readonly id: string;
  readonly port: number;
}

/**
 * What ELBv2 asks of its data plane (the proxy adapter, wired by the part): listen on a listener's port before
 * the listener is stored (a port the host refuses is BerthError BERTH_PORT_IN_USE), follow the whole model after
 * every change, and report the health its checks found.
 */
export interface Elbv2DataPlane {
  claim(port: number): Promise<void>;
  apply(model: DataPlaneModel): Promise<void>;
  /** The checked health of a target of a group in use; undefined before its first check. */
  health(targetGroupArn: string, target: TargetRef): TargetHealth | undefined;
  onHealthChange(
    listener: (targetGroupArn: string, target: TargetRef, health: TargetHealth) => void,
  ): () => void;
}
