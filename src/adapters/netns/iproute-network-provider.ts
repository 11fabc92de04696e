/**
 * Task networks with iproute2 (agent/network/task-network.ts is the contract). awsvpc and bridge tasks get a
 * namespace of their own, wired by a veth pair into one host bridge that holds the gateway, so tasks reach each
 * other and the host at their own addresses, and berth's endpoint at the gateway (a TCP proxy to its 127.0.0.1 port,
 * `gatewayPorts`); bridge mode adds a TCP proxy per port mapping on 127.0.0.1; none is a
 * namespace with loopback only; host uses the host's namespace. No NAT and no iptables: tasks have no route out.
 *
 * One provider per bridge on a host (berth up holds the state lock): addresses are handed out from this process's
 * pool, and cleanupOrphans treats every namespace with the prefix that this provider does not hold as left over.
 */
import {
  AddressPool,
  type PortRequest,
  parseCidr,
  type TaskNetworkHandle,
  type TaskNetworkProvider,
  type TaskNetworkRequest,
} from '../../agent/network/index.js';
import { KeyedSerialQueue, once } from '../../engines/concurrency/index.js';
import type { NetworkBinding } from '../../engines/ecs/index.js';
import { BerthError, isBerthError } from '../../errors/index.js';
import { bridgeVeths, checkRoutes, ensureHostBridge } from './host-bridge.js';
import { runIp, runIpJson } from './ip-command.js';
import { checkBridgeName, checkNamePrefix, hostVethName, namespaceName, netnsPath } from './names.js';
import { createTaskNamespace, type MadeForTask, removeTaskNamespace } from './task-namespace.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export interface IprouteNetworkOptions {
  /** The task address range; default 10.213.0.0/16. Its first address is the gateway on the bridge. */
  readonly cidr?: string;
  /** Default `berth0`. */
  readonly bridgeName?: string;
  /** Prefix of the namespaces' names, default `berth-`. */
  readonly namePrefix?: string;
  /**
   * Ports of services listening on the host's 127.0.0.1 that tasks reach at the gateway address instead (berth's own
   * endpoint: the AWS APIs and the registry at `http://<gateway>:<port>`). Asked when the bridge is made.
   */
  readonly gatewayPorts?: () => readonly number[];
  /**
   * berth's answer to ECS's task endpoint (169.254.170.2: credentials, metadata), listened on at the gateway address
   * when the bridge is made; each task's namespace sends its 169.254.170.2:80 there (task-namespace.ts).
   */
  readonly taskEndpoint?: TaskEndpointListener;
}

/** Something that listens on a host address (a free port), to be closed when the bridge goes. */
export interface TaskEndpointListener {
  listen(host: string): Promise<{ readonly port: number; close(): Promise<void> }>;
}

type Binding = NetworkBinding & { readonly containerName: string };

/** What exists for one task, filled in as it is made, so release can undo a partial create. */
interface TaskState extends MadeForTask {
  address?: string;
  readonly proxies: TcpProxy[];
}

export class IprouteNetworkProvider implements TaskNetworkProvider {
  readonly bridgeName: string;
  readonly namePrefix: string;
  readonly #pool: AddressPool;
  /** One key: the ip operations on shared host state (the bridge, the orphan sweep) never interleave. */
  readonly #queue = new KeyedSerialQueue<'host'>();
  /** Namespaces this provider made or is making; cleanupOrphans leaves them alone. */
  readonly #held = new Set<string>();
  readonly #gatewayPorts: () => readonly number[];
  /** The host services published on the gateway while the bridge exists. */
  #gatewayProxies: TcpProxy[] = [];
  readonly #taskEndpoint: TaskEndpointListener | undefined;
  /** The task endpoint while the bridge exists. */
  #endpoint: { readonly port: number; close(): Promise<void> } | undefined;
  #bridgeReady = false;

  constructor(options: IprouteNetworkOptions = {}) {
    this.#pool = new AddressPool(parseCidr(options.cidr ?? '10.213.0.0/16'));
    this.bridgeName = checkBridgeName(options.bridgeName ?? 'berth0');
    this.namePrefix = checkNamePrefix(options.namePrefix ?? 'berth-');
    this.#gatewayPorts = options.gatewayPorts ?? (() => []);
    this.#taskEndpoint = options.taskEndpoint;
  }

  /** The host's address on the bridge: how a task reaches services on the host. */
  get gateway(): string {
    return this.#pool.gateway;
  }

  async create(request: TaskNetworkRequest): Promise<TaskNetworkHandle> {
    checkPorts(request);
    if (request.mode === 'host') return hostHandle(request.ports);
    const namespace = namespaceName(this.namePrefix, request.taskId);
    if (this.#held.has(namespace)) {
      throw new BerthError(
        'BERTH_NETWORK_FAILED',
        `network namespace ${namespace} is already in use by a running task (task ids must differ in their first 12 characters)`,
      );
    }
    this.#held.add(namespace);
    const state: TaskState = { proxies: [] };
    const release = once(() => this.#release(namespace, state));
    try {
      const bindings = await this.#build(request, namespace, state);
      return {
        netnsPath: netnsPath(namespace),
        ...(request.mode === 'awsvpc' ? { privateIpv4Address: state.address } : {}),
        ...(this.#endpoint && state.address && state.taskEndpointProblem === undefined
          ? { taskEndpointSource: state.address }
          : {}),
        ...(state.taskEndpointProblem === undefined
          ? {}
          : {
              notes: [
                `no task endpoint at 169.254.170.2 (task-role credentials, metadata): ${state.taskEndpointProblem} (apt-get install iptables)`,
              ],
            }),
        bindings,
        release,
      };
    } catch (error) {
      // What could not be removed is no longer held, so cleanupOrphans sweeps it later.
      await release().catch(() => this.#held.delete(namespace));
      throw isBerthError(error)
        ? error
        : new BerthError('BERTH_NETWORK_FAILED', `task network for ${request.taskId}: ${String(error)}`, {
            cause: error,
          });
    }
  }

  async #build(request: TaskNetworkRequest, namespace: string, state: TaskState): Promise<Binding[]> {
    if (request.mode === 'none') {
      await createTaskNamespace(namespace, undefined, state);
      return [];
    }
    await this.#ensureBridge();
    const address = this.#pool.allocate();
    state.address = address;
    // awsvpc: the host reaches the task at its own address and port. (ECS lists no networkBindings for awsvpc tasks,
    // only the ENI's privateIpv4Address: these bindings say where berth made things reachable, not what ECS shows.)
    const bindings =
      request.mode === 'awsvpc'
        ? request.ports.map((port) => binding(port, address, port.containerPort))
        : await this.#publish(request.ports, address, state);
    await createTaskNamespace(
      namespace,
      {
        hostVeth: hostVethName(namespace),
        bridge: this.bridgeName,
        address,
        prefixLength: this.#pool.cidr.prefixLength,
        gateway: this.#pool.gateway,
        ...(this.#endpoint
          ? { taskEndpoint: { address: this.#pool.gateway, port: this.#endpoint.port } }
          : {}),
      },
      state,
    );
    return bindings;
  }

  /** bridge mode: one proxy per mapping, on 127.0.0.1:hostPort (0 or absent: a free port) → address:containerPort. */
  async #publish(ports: readonly PortRequest[], address: string, state: TaskState): Promise<Binding[]> {
    const bindings: Binding[] = [];
    for (const port of ports) {
      const proxy = await startTcpProxy({
        listenHost: '127.0.0.1',
        listenPort: port.hostPort ?? 0,
        targetHost: address,
        targetPort: port.containerPort,
        describe: `container "${port.containerName}" port ${port.containerPort}/${port.protocol}`,
      });
      state.proxies.push(proxy);
      bindings.push(binding(port, '127.0.0.1', proxy.port));
    }
    return bindings;
  }

  #ensureBridge(): Promise<void> {
    return this.#queue.run('host', async () => {
      if (this.#bridgeReady) return;
      await ensureHostBridge(this.bridgeName, this.#pool);
      await this.#publishOnGateway();
      try {
        this.#endpoint = await this.#taskEndpoint?.listen(this.#pool.gateway);
      } catch (error) {
        await this.#closeGatewayProxies();
        throw error;
      }
      this.#bridgeReady = true;
    });
  }

  /**
   * A proxy per host service on the gateway address, forwarding to 127.0.0.1: tasks have no loopback of the host's,
   * and berth listens only there. All or none: on a failure the ones made are closed and the task's network fails.
   */
  async #publishOnGateway(): Promise<void> {
    try {
      for (const port of this.#gatewayPorts()) {
        this.#gatewayProxies.push(
          await startTcpProxy({
            listenHost: this.#pool.gateway,
            listenPort: port,
            targetHost: '127.0.0.1',
            targetPort: port,
            describe: `berth's endpoint for tasks, 127.0.0.1:${port}`,
            advice: 'stop what listens there, or give berth up another --port or --task-cidr',
          }),
        );
      }
    } catch (error) {
      await this.#closeGatewayProxies();
      throw error;
    }
  }

  async #closeGatewayProxies(): Promise<void> {
    const proxies = this.#gatewayProxies;
    this.#gatewayProxies = [];
    await Promise.all(proxies.map((proxy) => proxy.close()));
  }

  async #release(namespace: string, state: TaskState): Promise<void> {
    await Promise.all(state.proxies.map((proxy) => proxy.close()));
    await removeTaskNamespace(state);
    if (state.address) this.#pool.release(state.address);
    this.#held.delete(namespace);
  }

  /** What the first task would check when the bridge is made, asked early (berth up's start): the range is free. */
  async checkRange(): Promise<void> {
    await checkRoutes(this.bridgeName, this.#pool);
  }

  /**
   * When berth stops: removes the bridge (and with it the route of the task range) once no task holds a network,
   * so a later berth may use the range under another bridge name or another range under this one.
   */
  async close(): Promise<void> {
    await this.#queue.run('host', async () => {
      if (!this.#bridgeReady || this.#held.size > 0) return;
      await this.#closeGatewayProxies();
      await this.#endpoint?.close();
      this.#endpoint = undefined;
      await runIp(['link', 'del', this.bridgeName], { ignoreMissing: true });
      this.#bridgeReady = false;
    });
  }

  async cleanupOrphans(): Promise<readonly string[]> {
    return this.#queue.run('host', async () => {
      const removed: string[] = [];
      const held = new Set([...this.#held].map(hostVethName));
      for (const veth of await bridgeVeths(this.bridgeName)) {
        if (held.has(veth)) continue;
        await runIp(['link', 'del', veth], { ignoreMissing: true });
        removed.push(veth);
      }
      const namespaces = await runIpJson<{ name: string }>(['netns', 'list']);
      for (const { name } of namespaces) {
        if (!name.startsWith(this.namePrefix) || this.#held.has(name)) continue;
        // Its veth may never have reached the bridge (a crash between the two steps).
        await runIp(['link', 'del', hostVethName(name)], { ignoreMissing: true });
        await runIp(['netns', 'del', name], { ignoreMissing: true });
        removed.push(name);
      }
      return removed;
    });
  }
}

function binding(port: PortRequest, bindIP: string, hostPort: number): Binding {
  return {
    containerName: port.containerName,
    bindIP,
    containerPort: port.containerPort,
    hostPort,
    protocol: port.protocol,
  };
}

/** host mode: the container listens in the host's namespace; ECS reports 0.0.0.0 and hostPort = containerPort. */
function hostHandle(ports: readonly PortRequest[]): TaskNetworkHandle {
  return {
    bindings: ports.map((port) => binding(port, '0.0.0.0', port.containerPort)),
    release: async () => undefined,
  };
}

/** Refuses what cannot be made before anything is made. */
function checkPorts(request: TaskNetworkRequest): void {
  for (const port of request.ports) {
    const name = `container "${port.containerName}"`;
    if (!isPort(port.containerPort, 1)) {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `${name}: containerPort ${port.containerPort} is not 1-65535`,
      );
    }
    if (port.hostPort !== undefined && !isPort(port.hostPort, 0)) {
      throw new BerthError('BERTH_INVALID_ARGUMENT', `${name}: hostPort ${port.hostPort} is not 0-65535`);
    }
    if (request.mode === 'none') {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `${name}: port mappings need a network; networkMode is none`,
      );
    }
    if (request.mode === 'bridge' && port.protocol === 'udp') {
      throw new BerthError(
        'BERTH_NETWORK_FAILED',
        `${name} port ${port.containerPort}/udp: berth publishes only TCP ports in bridge mode; ` +
          'use awsvpc (the task is reachable at its own address) or host mode for UDP',
      );
    }
  }
}

function isPort(value: number, min: number): boolean {
  return Number.isInteger(value) && value >= min && value <= 65535;
}
