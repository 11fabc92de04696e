// Peak resident memory of a process over one phase of a benchmark, from Linux's own high-water mark: writing 5 to
// /proc/PID/clear_refs resets VmHWM to the current RSS (proc(5)), so the VmHWM read at the end of a phase is that
// phase's peak — no sampling, nothing missed between samples.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Starts a new peak for `pid` (a process this user owns). */
export function resetPeakMemory(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** VmHWM of `pid`, in bytes: the peak RSS since it started or since the last resetPeakMemory. */
export function peakMemoryBytes(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/**
 * The pid of this process's child running `command` (its /proc comm, at most 15 characters), for a child another
 * module spawned and does not expose.
 */
export function childPid(command: string): number {
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').split(' ');
    for (const child of children.filter(Boolean)) {
      const comm = readFileSync(`/proc/${child}/comm`, 'utf8').trim();
      if (comm === command.slice(0, 15)) return Number(child);
    }
  }
  throw new Error(`no child process of ${process.pid} runs ${command}`);
}
