/**
 * One task's namespace with iproute2. The steps record what they made in a `MadeForTask` as they go, so removal
 * after a failure midway deletes exactly what this process created — never a namespace or link of the same name
 * that was already there (ip refuses to create those, and the refusal is the error reported).
 */
import { runIp } from './ip-command.js';

/** The task's link to the bridge: `eth0` inside the namespace, `hostVeth` on the bridge. */
export interface TaskLinkSpec {
  readonly hostVeth: string;
  readonly bridge: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
}

export interface MadeForTask {
  namespace?: string;
  hostVeth?: string;
}

/** `ip netns add` with loopback up; with a link: a veth pair into the bridge, the address and default route. */
export async function createTaskNamespace(
  namespace: string,
  link: TaskLinkSpec | undefined,
  made: MadeForTask,
): Promise<void> {
  await runIp(['netns', 'add', namespace]);
  made.namespace = namespace;
  await runIp(['-n', namespace, 'link', 'set', 'lo', 'up']);
  if (!link) return;
  // The peer is created inside the namespace under its final name: no temporary name on the host to collide.
  await runIp(['link', 'add', link.hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace]);
  made.hostVeth = link.hostVeth;
  await runIp(['link', 'set', link.hostVeth, 'master', link.bridge, 'up']);
  await runIp(['-n', namespace, 'addr', 'add', `${link.address}/${link.prefixLength}`, 'dev', 'eth0']);
  await runIp(['-n', namespace, 'link', 'set', 'eth0', 'up']);
  await runIp(['-n', namespace, 'route', 'add', 'default', 'via', link.gateway]);
}

/**
 * Deletes the host veth (which takes its peer with it, even while a process still holds the namespace open) and
 * then the namespace; either may already be gone.
 */
export async function removeTaskNamespace(made: MadeForTask): Promise<void> {
  if (made.hostVeth) await runIp(['link', 'del', made.hostVeth], { ignoreMissing: true });
  if (made.namespace) await runIp(['netns', 'del', made.namespace], { ignoreMissing: true });
}
