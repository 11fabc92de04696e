/**
 * Runs iproute2's `ip` without a shell (arguments never pass through one). Failures become BERTH_NETWORK_FAILED
 * with the command and ip's own message; removals may ask to treat "it is not there" as done, which is what makes
 * release and orphan cleanup idempotent. The running itself is the shared system-tool runner's.
 */
import { runSystemTool, type SystemTool } from '../system-tool/index.js';

export interface IpOptions {
  /** Resolve with '' when ip says the device, namespace or file does not exist. */
  readonly ignoreMissing?: boolean;
}

const ip: SystemTool = {
  file: 'ip',
  code: 'BERTH_NETWORK_FAILED',
  timeoutMs: 30_000,
  notFound: 'the `ip` command was not found: task networking needs iproute2 (apt-get install iproute2)',
  describe: (args) => `\`ip ${args.join(' ')}\``,
  // What ip 6.x prints for a missing device (link del / link show dev / show master) or namespace (netns del).
  gone: /Cannot find device|does not exist|No such file or directory/,
};

export function runIp(args: readonly string[], options: IpOptions = {}): Promise<string> {
  return runSystemTool(ip, args, { ignoreGone: options.ignoreMissing });
}

/**
 * Several ip commands in one process (`ip [-n NAMESPACE] -batch -`), in order, stopping at the first that fails (its
 * line number and ip's message are the error). One spawn instead of one each: spawning from berth's large process is
 * what a task start costs most (a CPU profile of 20 tasks starting at once: a third of the main thread in spawn).
 */
export function runIpBatch(commands: readonly (readonly string[])[], namespace?: string): Promise<string> {
  const args = [...(namespace === undefined ? [] : ['-n', namespace]), '-batch', '-'];
  const input = commands.map((command) => `${command.join(' ')}\n`).join('');
  return runSystemTool(
    { ...ip, describe: () => `\`ip ${args.join(' ')}\` (${commands.map((c) => c.join(' ')).join('; ')})` },
    args,
    { input },
  );
}

/** `ip -j …` parsed; ip prints nothing at all for some empty lists (netns list without /run/netns). */
export async function runIpJson<T>(args: readonly string[], options: IpOptions = {}): Promise<T[]> {
  const text = (await runIp(['-j', ...args], options)).trim();
  return text === '' ? [] : (JSON.parse(text) as T[]);
}
