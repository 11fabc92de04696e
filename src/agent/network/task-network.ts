/**
 * A task's network as the agent sees it (agent/network is the interface; adapters/netns the implementation with
 * iproute2). awsvpc: a namespace of the task's own with an address on berth's host bridge; bridge: a namespace of its
 * own with hostPort mappings published on 127.0.0.1; host: the host's namespace; none: loopback only.
 */
import type { NetworkBinding, NetworkMode } from '../../engines/ecs/index.js';

export interface PortRequest {
  readonly containerName: string;
  readonly containerPort: number;
  /** bridge mode: 0 or absent picks a free port; awsvpc: ignored (hostPort = containerPort there). */
  readonly hostPort?: number;
  readonly protocol: 'tcp' | 'udp';
}

export interface TaskNetworkRequest {
  readonly taskId: string;
  readonly mode: NetworkMode;
  readonly ports: readonly PortRequest[];
}

export interface TaskNetworkHandle {
  /** The namespace the task's containers join; undefined for `host`. */
  readonly netnsPath?: string;
  /** awsvpc: the task's address on the bridge. */
  readonly privateIpv4Address?: string;
  /**
   * Set when the task reaches berth's task endpoint at 169.254.170.2 (credentials, metadata): the address its
   * requests come from. Absent for host and none modes.
   */
  readonly taskEndpointSource?: string;
  /** What the task's network lacks, for the user (never fatal). */
  readonly notes?: readonly string[];
  /** What is reachable from the host, per container (bridge: 127.0.0.1:hostPort; awsvpc: address:containerPort). */
  readonly bindings: ReadonlyArray<NetworkBinding & { readonly containerName: string }>;
  /** Removes everything made for the task (namespace, veth, address, proxies); idempotent. */
  release(): Promise<void>;
}

export interface TaskNetworkProvider {
  /** Rejects with a BerthError (BERTH_NETWORK_FAILED) when the network cannot be made; leaves nothing behind then. */
  create(request: TaskNetworkRequest): Promise<TaskNetworkHandle>;
  /** Removes what an earlier process left behind (after a crash); returns what it removed, for the log. */
  cleanupOrphans(): Promise<readonly string[]>;
}
