import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { isAlive, privateFile, stateDirLayout } from '../../adapters/state-dir/index.js';
import { BerthError } from '../../errors/index.js';
import { consoleFiles } from '../control-plane/console-part.js';
import { resolveStateDir } from '../state-location.js';
import { runCommand } from './run-command.js';

interface ConsoleOptions {
  state?: string;
  printUrl?: boolean;
}

/**
 * `berth console`: opens the console of the `berth up` running on a state dir in the default browser, or prints its
 * URL (`--print-url`, one line). The URL carries the console's token once; the browser keeps a session cookie.
 */
export function addConsoleCommand(program: Command): void {
  program
    .command('console')
    .description('open the console of the running berth in the browser (or print its URL)')
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .option('--print-url', 'print the URL (with its one-time token) instead of opening a browser')
    .action((options: ConsoleOptions) => runCommand(() => openConsole(options)));
}

function openConsole(options: ConsoleOptions): void {
  const url = consoleUrl(resolveStateDir(options.state));
  if (options.printUrl) {
    console.log(url);
    return;
  }
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  // Without a desktop (no xdg-open), the URL is what the user needs: printed rather than failing.
  child.on('error', () => console.log(url));
  child.unref();
}

/** `http://127.0.0.1:<port>/console/?token=…` of the berth running on `stateDir`. */
export function consoleUrl(stateDir: string): string {
  const files = consoleFiles(stateDirLayout(stateDir).path);
  const notRunning = `berth is not running on the state dir ${stateDir} (start it with: berth up --state ${stateDir})`;
  const address = privateFile.read(files.address, 'BERTH_STATE_INVALID');
  if (!address) throw new BerthError('BERTH_NOT_RUNNING', notRunning);
  const { pid, url } = JSON.parse(address.toString('utf8')) as { pid: number; url: string };
  if (!isAlive(pid)) throw new BerthError('BERTH_NOT_RUNNING', notRunning);
  const token = privateFile.read(files.token, 'BERTH_STATE_INVALID')?.toString('utf8').trim();
  if (!token) throw new BerthError('BERTH_STATE_INVALID', `${files.token} is missing`);
  return `${url}?token=${encodeURIComponent(token)}`;
}
