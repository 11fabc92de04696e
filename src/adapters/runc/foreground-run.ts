/**
 * `runc run` in the foreground, as a child of berth: runc stays the container's parent, forwards nothing berth did
 * not ask for (it runs in a session of its own, so a terminal's Ctrl-C reaches berth, not the container), and exits
 * with the container's exit code (128+N when the container died of signal N).
 *
 * "Started" is runc's --pid-file: runc writes it (atomically, by rename) only after the container process exec'd.
 * If runc exits without having written it, the container never started and runc's stderr says why.
 */
import { spawn } from 'node:child_process';
import { existsSync, type FSWatcher, readFileSync, rmSync, watch } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../../errors/index.js';
import type { ContainerLogWriter } from './container-log.js';
import { type RuncOptions, runcMessage, runcMissing } from './runc-command.js';

export interface ForegroundExit {
  readonly exitCode: number;
  /** Set when runc itself was killed by a signal. */
  readonly signal?: NodeJS.Signals;
}

export interface ForegroundContainer {
  readonly pid: number;
  /** Settles when runc has exited and its output pipes are closed. */
  readonly exit: Promise<ForegroundExit>;
}

/**
 * How often the pid file is looked for while runc starts the container: a safety net behind the watch of the bundle
 * directory (which sees runc's rename at once), and the only way when the host has no inotify watch to spare.
 */
const pollMs = 20;
const pollBehindWatchMs = 100;
/** runc's stderr kept for the start error (its message is one line). */
const maxStderrChars = 64 * 1024;

export function runForeground(
  options: RuncOptions & { readonly bundle: string; readonly id: string; readonly log: ContainerLogWriter },
): Promise<ForegroundContainer> {
  const pidFile = join(options.bundle, 'init.pid');
  rmSync(pidFile, { force: true });
  const child = spawn(
    options.runcPath,
    [
      '--root',
      options.stateRoot,
      '--log',
      join(options.bundle, 'runc.log'),
      '--log-format',
      'json',
      'run',
      '--bundle',
      options.bundle,
      '--pid-file',
      pidFile,
      options.id,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => options.log.push('stdout', chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < maxStderrChars) stderr += chunk.toString('utf8');
    options.log.push('stderr', chunk);
  });

  let spawnError: Error | undefined;
  const exit = new Promise<ForegroundExit>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
      resolve({ exitCode: 127 });
    });
    child.once('close', (code, signal) => {
      if (signal) resolve({ exitCode: 128 + (constants.signals[signal] ?? 0), signal });
      else resolve({ exitCode: code ?? 127 });
    });
  });

  return new Promise((resolve, reject) => {
    const started = (pid: number) => {
      options.log.release();
      resolve({ pid, exit });
    };
    let watcher: FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    const stopLooking = () => {
      clearInterval(timer);
      watcher?.close();
    };
    const look = () => {
      const pid = readPid(pidFile);
      if (pid === undefined) return;
      stopLooking();
      started(pid);
    };
    // runc renames the pid file into place: a watch of the bundle directory sees it when it happens, where a poll
    // found it 10 ms later on average (of a cached task's ≈ 100 ms to RUNNING).
    watcher = watchForPidFile(options.bundle, look);
    timer = setInterval(look, watcher ? pollBehindWatchMs : pollMs);
    look(); // in case runc was quicker than the watch
    void exit.then(({ exitCode }) => {
      stopLooking();
      const pid = readPid(pidFile);
      if (pid !== undefined) return started(pid); // started and already done: a no-op if resolved before
      options.log.discard();
      if ((spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
        return reject(runcMissing(options.runcPath));
      }
      const said = runcMessage(stderr) || spawnError?.message || `runc run exited with code ${exitCode}`;
      reject(new BerthError('BERTH_RUNTIME_FAILED', said));
    });
  });
}

/** A watch of the bundle directory calling `look` on each change, or undefined when the host cannot watch. */
function watchForPidFile(bundle: string, look: () => void): FSWatcher | undefined {
  try {
    const watcher = watch(bundle, { persistent: false }, () => look());
    // A watch that fails later (its directory removed) leaves the poll to find the file or runc's exit to end it.
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    return undefined;
  }
}

function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
