/**
 * Runs iproute2's `ip` without a shell (arguments never pass through one). Failures become BERTH_NETWORK_FAILED
 * with the command and ip's own message; removals may ask to treat "it is not there" as done, which is what makes
 * release and orphan cleanup idempotent.
 */
import { execFile } from 'node:child_process';
import { BerthError } from '../../errors/index.js';

export interface IpOptions {
  /** Resolve with '' when ip says the device, namespace or file does not exist. */
  readonly ignoreMissing?: boolean;
}

// What ip 6.x prints for a missing device (link del / link show dev / show master) or namespace (netns del).
const missing = /Cannot find device|does not exist|No such file or directory/;

export function runIp(args: readonly string[], options: IpOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, { timeout: 30_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(
          new BerthError(
            'BERTH_NETWORK_FAILED',
            'the `ip` command was not found: task networking needs iproute2 (apt-get install iproute2)',
          ),
        );
      }
      const said = stderr.trim() || error.message;
      if (options.ignoreMissing && missing.test(said)) return resolve('');
      reject(
        new BerthError('BERTH_NETWORK_FAILED', `\`ip ${args.join(' ')}\` failed: ${said}`, { cause: error }),
      );
    });
  });
}

/** `ip -j …` parsed; ip prints nothing at all for some empty lists (netns list without /run/netns). */
export async function runIpJson<T>(args: readonly string[], options: IpOptions = {}): Promise<T[]> {
  const text = (await runIp(['-j', ...args], options)).trim();
  return text === '' ? [] : (JSON.parse(text) as T[]);
}
