// CPU time of a process from Linux's own accounting, the figure a loaded machine does not distort the way it
// distorts wall time: user + system ticks of /proc/PID/stat (proc(5) fields 14 and 15; USER_HZ is 100 on Linux),
// and of a child command run under GNU time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** User + system CPU seconds `pid` has used so far (all its threads). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** How a child command ended, with the CPU it used (its own and its children's, from GNU time). */
export interface TimedExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

/** Runs `command` under `/usr/bin/time`; `kill` receives the child so that a caller can end a stalled one. */
export function runTimed(
  command: string,
  args: string[],
  onSpawn?: (kill: () => void) => void,
): Promise<TimedExit> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-time-'));
  const out = join(dir, 'time');
  return new Promise((resolve, reject) => {
    // Its own process group, so that a kill reaches the command too and not only GNU time.
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', out, command, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    onSpawn?.(() => process.kill(-child.pid!, 'SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      let times = [Number.NaN, Number.NaN];
      try {
        times = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      } catch {
        // killed before GNU time wrote anything
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, stderr, userSeconds: times[0]!, systemSeconds: times[1]! });
    });
  });
}
