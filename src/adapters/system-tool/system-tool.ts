/**
 * One runner for the short-lived system tools berth drives (runc's subcommands, iproute2's `ip`), so each adapter
 * states only what differs: its binary, its BERTH_* code, its texts. The runner fixes what must not differ:
 * - `execFile` with an argument vector, never a shell, so no argument is ever interpreted;
 * - a timeout, so a wedged tool cannot hang a task;
 * - a missing binary (ENOENT) is an error that names the install command;
 * - "it is already gone" texts are named once per tool and only honoured when the caller opts in, which is what makes
 *   cleanup idempotent without hiding a real failure elsewhere;
 * - anything else is the tool's BERTH_* code with the tool's own message and the exec error as `cause`.
 */
import { execFile } from 'node:child_process';
import { BerthError, type BerthErrorCode } from '../../errors/index.js';

export interface SystemTool {
  /** The binary: a path, or a name looked up on PATH. */
  readonly file: string;
  /** Arguments put before every call's own (runc's `--root`), left out of failure texts. */
  readonly leadingArgs?: readonly string[];
  readonly code: BerthErrorCode;
  readonly timeoutMs: number;
  /** The error text for a missing binary; it names the install command. */
  readonly notFound: string;
  /** How a failure text names the call: `runc kill`, `` `ip link del x` ``. */
  readonly describe: (args: readonly string[]) => string;
  /** What the tool said, read from its stderr (plain text trimmed unless the tool logs otherwise). */
  readonly message?: (stderr: string) => string;
  /** The tool's texts for "the thing is already gone", honoured only with `ignoreGone`. */
  readonly gone?: RegExp;
}

/**
 * Runs the tool; resolves with its stdout, or with '' when `ignoreGone` and the tool said the thing is gone. `input`
 * is written to its stdin (`ip -batch -`: several commands for one process, as spawning is what costs).
 */
export function runSystemTool(
  tool: SystemTool,
  args: readonly string[],
  { ignoreGone = false, input }: { ignoreGone?: boolean; input?: string } = {},
): Promise<string> {
  const argv = [...(tool.leadingArgs ?? []), ...args];
  const read = tool.message ?? ((stderr: string) => stderr.trim());
  return new Promise((resolve, reject) => {
    const child = execFile(
      tool.file,
      argv,
      { timeout: tool.timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return reject(new BerthError(tool.code, tool.notFound));
        const said = read(stderr) || error.message;
        if (ignoreGone && tool.gone?.test(said)) return resolve('');
        reject(new BerthError(tool.code, `${tool.describe(args)} failed: ${said}`, { cause: error }));
      },
    );
    if (input === undefined) return;
    // A tool that exits before reading all of it (or is missing) closes the pipe: its exit is the answer.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}
