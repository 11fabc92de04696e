// The agent's pull progress as a small report beside the task's container logs (`tasks/<id>/pull.json`): ECS's API
// has no field for layers and bytes, and the console reads it while the task is PENDING. Written at most every
// 100 ms per task (and at once when a layer is complete or found in the store), whole, by a rename: a reader never
// sees half a file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PullLayer } from '../../console/index.js';
import type { LayerProgress } from '../../registry/client/index.js';

const fileName = 'pull.json';
const minIntervalMs = 100;

type Report = Record<string, Record<string, PullLayer>>;

/** The agent's `pullProgress` port, writing each task's report under `tasksDir`. */
export function pullProgressFiles(
  tasksDir: string,
): (taskArn: string, container: string, progress: LayerProgress) => void {
  const reports = new Map<string, { report: Report; written: number; timer?: NodeJS.Timeout }>();
  const write = (id: string) => {
    const entry = reports.get(id)!;
    entry.written = Date.now();
    entry.timer = undefined;
    const dir = join(tasksDir, id);
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `.${fileName}.tmp`);
    writeFileSync(temp, JSON.stringify(entry.report));
    renameSync(temp, join(dir, fileName));
    const done = Object.values(entry.report).every((layers) =>
      Object.values(layers).every((l) => l.state === 'complete' || l.state === 'exists'),
    );
    if (done) reports.delete(id);
  };
  return (taskArn, container, progress) => {
    const id = taskArn.slice(taskArn.lastIndexOf('/') + 1);
    const entry = reports.get(id) ?? { report: {}, written: 0 };
    reports.set(id, entry);
    entry.report[container] ??= {};
    entry.report[container][progress.digest] = {
      digest: progress.digest,
      size: progress.size,
      bytes:
        progress.kind === 'downloading' ? progress.bytes : progress.kind === 'waiting' ? 0 : progress.size,
      state: progress.kind,
    };
    // A layer done is written at once, a throttled write pending or not: the task may be RUNNING a moment later, and
    // its page must not show the layer still waiting.
    if (progress.kind === 'complete' || progress.kind === 'exists') {
      clearTimeout(entry.timer);
      tryWrite(id);
      return;
    }
    if (entry.timer) return;
    entry.timer = setTimeout(() => tryWrite(id), Math.max(0, entry.written + minIntervalMs - Date.now()));
    entry.timer.unref();
  };

  function tryWrite(id: string): void {
    try {
      write(id);
    } catch {
      // A report that cannot be written (the task's directory removed) only leaves the console without it.
    }
  }
}

/** A task's pull report: its containers' layers, or none when no pull was reported. */
export function readPullProgress(tasksDir: string, id: string): { container: string; layers: PullLayer[] }[] {
  try {
    const report = JSON.parse(readFileSync(join(tasksDir, id, fileName), 'utf8')) as Report;
    return Object.entries(report).map(([container, layers]) => ({
      container,
      layers: Object.values(layers),
    }));
  } catch {
    return [];
  }
}
