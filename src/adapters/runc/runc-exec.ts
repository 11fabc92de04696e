/**
 * `runc exec`: a process in a running container, the way Docker runs a health check probe. runc takes the process
 * from the container's config (user, environment, working directory, capabilities) and replaces only its arguments,
 * so a probe sees what the container's own process sees. The exit code is the probe's; runc's own failures (the
 * container already gone) come back as a non-zero exit with runc's message in the output, which a health check
 * counts as a failure, as Docker does. Past the timeout runc is killed with its probe.
 */
import { spawn } from 'node:child_process';
import type { ExecResult } from '../../agent/runtime/runtime.js';
import type { RuncOptions } from './runc-command.js';

/** What Docker keeps of a probe's output (maxOutputLen, 4 KiB). */
const maxOutputBytes = 4096;

export function runcExec(
  options: RuncOptions,
  id: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(options.runcPath, ['--root', options.stateRoot, 'exec', id, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    const keep = (chunk: Buffer) => {
      if (kept >= maxOutputBytes) return;
      chunks.push(chunk.subarray(0, maxOutputBytes - kept));
      kept += Math.min(chunk.length, maxOutputBytes - kept);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const finish = (exitCode: number) => {
      clearTimeout(timer);
      resolve({
        exitCode: timedOut ? -1 : exitCode,
        timedOut,
        output: Buffer.concat(chunks).toString('utf8'),
      });
    };
    child.once('error', (error) => {
      keep(Buffer.from(`runc exec: ${error.message}`));
      finish(127);
    });
    child.once('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}
