/**
 * One task's namespace with iproute2. The steps record what they made in a `MadeForTask` as they go, so removal
 * after a failure midway deletes exactly what this process created — never a namespace or link of the same name
 * that was already there (ip refuses to create those, and the refusal is the error reported).
 */
import { taskEndpointAddress } from '../../agent/task-endpoint/index.js';
import { runIp, runIpBatch } from './ip-command.js';

/** The task's link to the bridge: `eth0` inside the namespace, `hostVeth` on the bridge. */
export interface TaskLinkSpec {
  readonly hostVeth: string;
  readonly bridge: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
  /** Where the task's requests to ECS's 169.254.170.2:80 go instead (berth's task endpoint on the gateway). */
  readonly taskEndpoint?: { readonly address: string; readonly port: number };
}

export interface MadeForTask {
  namespace?: string;
  hostVeth?: string;
  /** Set when the task's 169.254.170.2 could not be redirected: why (the task runs without the endpoint). */
  taskEndpointProblem?: string;
}

/** `ip netns add` with loopback up; with a link: a veth pair into the bridge, the address and default route. */
export async function createTaskNamespace(
  namespace: string,
  link: TaskLinkSpec | undefined,
  made: MadeForTask,
): Promise<void> {
  await runIp(['netns', 'add', namespace]);
  made.namespace = namespace;
  if (!link) {
    await runIp(['-n', namespace, 'link', 'set', 'lo', 'up']);
    return;
  }
  // The peer is created inside the namespace under its final name: no temporary name on the host to collide. The
  // host end joins the bridge and comes up in the same call; what is left happens inside the namespace, in one batch.
  await runIp([
    ...['link', 'add', link.hostVeth, 'master', link.bridge, 'up'],
    ...['type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace],
  ]);
  made.hostVeth = link.hostVeth;
  await runIpBatch(
    [
      ['link', 'set', 'lo', 'up'],
      ['addr', 'add', `${link.address}/${link.prefixLength}`, 'dev', 'eth0'],
      ['link', 'set', 'eth0', 'up'],
      ['route', 'add', 'default', 'via', link.gateway],
    ],
    namespace,
  );
  if (link.taskEndpoint) {
    // Without it the task still runs, only without credentials and metadata URIs (a host without iptables).
    await redirectTaskEndpoint(namespace, link.taskEndpoint).catch((error: unknown) => {
      made.taskEndpointProblem = error instanceof Error ? error.message : String(error);
    });
  }
}

/**
 * ECS's task endpoint is 169.254.170.2:80 for every task; berth answers it on the gateway at a port of its own, so
 * that several berths on one host (each with its bridge and gateway) never contend for one address and port. A
 * destination rewrite in the task's own namespace does it — the rule lives and dies with the namespace, nothing is
 * added to the host's tables — and keeps the source: the endpoint sees the task's own address, which is how it
 * tells tasks apart (the ECS agent on EC2 does the same with a DNAT rule to its credentials port).
 */
async function redirectTaskEndpoint(
  namespace: string,
  target: { readonly address: string; readonly port: number },
): Promise<void> {
  await runIp([
    ...['netns', 'exec', namespace, 'iptables', '-w', '-t', 'nat', '-A', 'OUTPUT'],
    ...['-d', `${taskEndpointAddress}/32`, '-p', 'tcp', '--dport', '80'],
    ...['-j', 'DNAT', '--to-destination', `${target.address}:${target.port}`],
  ]);
}

/**
 * Deletes the host veth (which takes its peer with it, even while a process still holds the namespace open) and
 * then the namespace; either may already be gone.
 */
export async function removeTaskNamespace(made: MadeForTask): Promise<void> {
  if (made.hostVeth) await runIp(['link', 'del', made.hostVeth], { ignoreMissing: true });
  if (made.namespace) await runIp(['netns', 'del', made.namespace], { ignoreMissing: true });
}
