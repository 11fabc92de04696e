/**
 * runc's short-lived subcommands (state, kill, delete, list) against one state root, without a shell. Failures become
 * BERTH_RUNTIME_FAILED with runc's own message; kill and delete may treat "that container is gone" as done, which is
 * what makes stopping and cleanup idempotent. The running itself is the shared system-tool runner's.
 */
import { BerthError } from '../../errors/index.js';
import { runSystemTool, type SystemTool } from '../system-tool/index.js';

/** runc 1.1's texts for a container that no longer runs or never existed. */
const gone = /container does not exist|container not running|no such process/i;

export interface RuncOptions {
  readonly runcPath: string;
  readonly stateRoot: string;
}

/** Thrown for a missing runc binary, with the install command. */
export function runcMissing(runcPath: string): BerthError {
  return new BerthError('BERTH_RUNTIME_FAILED', notFound(runcPath));
}

function notFound(runcPath: string): string {
  return `runc was not found at ${runcPath}: the container runtime needs runc (apt-get install runc)`;
}

/** Runs `runc --root R <args>`; with `ignoreGone`, "container does not exist / not running" resolves with ''. */
export function runRunc(
  options: RuncOptions,
  args: readonly string[],
  { ignoreGone = false }: { ignoreGone?: boolean } = {},
): Promise<string> {
  const runc: SystemTool = {
    file: options.runcPath,
    leadingArgs: ['--root', options.stateRoot, '--log-format', 'json'],
    code: 'BERTH_RUNTIME_FAILED',
    timeoutMs: 60_000,
    notFound: notFound(options.runcPath),
    describe: (called) => `runc ${called[0]}`,
    message: runcMessage,
    gone,
  };
  return runSystemTool(runc, args, { ignoreGone });
}

/**
 * The message of runc's stderr: with --log-format json its log lines are `{"level":"error","msg":…}`; the final
 * fatal error is also printed plain. The last error-level message wins; plain text is kept as it is.
 */
export function runcMessage(stderr: string): string {
  const messages: string[] = [];
  for (const line of stderr.split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    if (text.startsWith('{')) {
      try {
        const entry = JSON.parse(text) as { level?: unknown; msg?: unknown };
        if (typeof entry.msg === 'string' && (entry.level === 'error' || entry.level === 'fatal')) {
          messages.push(entry.msg);
        }
        continue;
      } catch {
        // not a log line: keep the text
      }
    }
    messages.push(text);
  }
  return messages.at(-1) ?? '';
}
