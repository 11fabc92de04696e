// How `berth logs` writes lines: each on the stream it was written to, prefixed when several containers (or tasks)
// are shown together, at the pace of the pipe it writes into.
import { once } from 'node:events';
import type { LogLine } from '../../agent/runtime/container-log-reader.js';
import { exitCodes } from '../cli-error.js';

/** One log line, as its own line(s), on the stream it was written to; `prefixed`: led by `<label> | `. */
export async function printLogLine(line: LogLine, prefixed: boolean): Promise<void> {
  const out = line.stream === 'stderr' ? process.stderr : process.stdout;
  const text = line.text.endsWith('\n') ? line.text.slice(0, -1) : line.text;
  const prefix = prefixed ? `${line.container} | ` : '';
  const lines = text.split('\n').map((part) => `${prefix}${part}\n`);
  // Respect the pipe's pace (a large log into `less`), rather than buffering it all in memory.
  if (!out.write(lines.join(''))) await once(out, 'drain');
}

/** `berth logs … | head`: a closed pipe ends the command quietly, as it ends `cat`. */
export function stopOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(exitCodes.ok);
    });
  }
}
