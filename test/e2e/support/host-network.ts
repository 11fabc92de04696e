// What one `berth up` made on the host for its tasks, as `ip` and `runc` list it: the bridge `brt<tag>`, the
// namespaces `berth-<tag>-<task id 12>`, the host ends of their veth pairs, and the runc containers under
// `<state>/runc`. The tag is 8 hex of sha256(state dir), as src/cli/control-plane/host-task-agent.ts names them;
// tests compare these lists before and after to show that nothing is left behind.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hostVethName } from '../../../src/adapters/netns/names.js';

const run = promisify(execFile);

export interface BerthHostNames {
  readonly bridge: string;
  readonly namespacePrefix: string;
}

export function berthHostNames(stateDir: string): BerthHostNames {
  const tag = createHash('sha256').update(stateDir).digest('hex').slice(0, 8);
  return { bridge: `brt${tag}`, namespacePrefix: `berth-${tag}-` };
}

/** The namespace of a task: the prefix and the first 12 characters of its id. */
export function taskNamespace(stateDir: string, taskId: string): string {
  return berthHostNames(stateDir).namespacePrefix + taskId.slice(0, 12);
}

export interface BerthNetworkState {
  /** Whether the berth's bridge exists. */
  readonly bridge: boolean;
  readonly namespaces: readonly string[];
  /** Host veth ends on the bridge or belonging to one of the namespaces. */
  readonly veths: readonly string[];
}

async function ipJson<T>(...args: string[]): Promise<T[]> {
  const { stdout } = await run('ip', ['-j', ...args]);
  return stdout.trim() === '' ? [] : (JSON.parse(stdout) as T[]);
}

export async function berthNetworkState(stateDir: string): Promise<BerthNetworkState> {
  const { bridge, namespacePrefix } = berthHostNames(stateDir);
  const namespaces = (await ipJson<{ name: string }>('netns', 'list'))
    .map((n) => n.name)
    .filter((name) => name.startsWith(namespacePrefix))
    .sort();
  const links = await ipJson<{ ifname: string; master?: string }>('link', 'show');
  const ourVeths = new Set(namespaces.map(hostVethName));
  return {
    bridge: links.some((link) => link.ifname === bridge),
    namespaces,
    veths: links
      .filter((link) => link.master === bridge || ourVeths.has(link.ifname))
      .map((link) => link.ifname)
      .sort(),
  };
}

/** The ids of the containers runc knows under the berth's own root (`runc --root <state>/runc list`). */
export async function runcContainers(stateDir: string): Promise<string[]> {
  const { stdout } = await run('runc', ['--root', join(stateDir, 'runc'), 'list', '--format', 'json']);
  const listed = JSON.parse(stdout.trim() || 'null') as { id: string }[] | null;
  return (listed ?? []).map((c) => c.id).sort();
}
