// What `berth logs` reads of one task: a reader per container log file under `<state>/tasks/<id>/`, and the awslogs
// streams of the containers that use that driver (read through the Logs API instead of their file). Shared by
// `berth logs TASK` and `berth logs --service`, which holds one of these per task of the service.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerLogReader, type LineSource } from '../../agent/runtime/container-log-reader.js';
import type { TaskAwslogs } from './task-awslogs.js';

export class TaskLogSources {
  readonly #readers = new Map<string, ContainerLogReader>();
  readonly #streams;

  /**
   * `only`: one container's lines (else all); `label`: what a line of `container` is printed with (its prefix), the
   * container's name for one task, the task and the container for a service.
   */
  constructor(
    readonly dir: string,
    readonly only: string | undefined,
    readonly awslogs: TaskAwslogs,
    readonly label: (container: string) => string = (container) => container,
  ) {
    this.#streams = [...awslogs.sources.values()].filter(
      (source) => only === undefined || source.container === only,
    );
  }

  /** How many containers are read (so far: log files appear as containers start). */
  get count(): number {
    return this.#readers.size + this.#streams.length;
  }

  /** Opens readers of log files written since the last call, and fetches the awslogs streams. */
  async refresh(): Promise<void> {
    for (const container of logFiles(this.dir)) {
      const skip = this.only !== undefined && container !== this.only;
      if (skip || this.#readers.has(container) || this.awslogs.sources.has(container)) continue;
      this.#readers.set(
        container,
        new ContainerLogReader(this.label(container), join(this.dir, `${container}.log`)),
      );
    }
    await Promise.all(this.#streams.map((source) => source.fetch()));
  }

  sources(): LineSource[] {
    return [...this.#readers.values(), ...this.#streams];
  }

  /** Nothing more will be written: a last line without its newline is read too. */
  finish(): void {
    for (const reader of this.#readers.values()) reader.finish();
  }

  close(): void {
    this.awslogs.close();
    for (const reader of this.#readers.values()) reader.close();
  }
}

/** The containers with a log file in the task's directory (none while it does not exist yet). */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith('.log'))
    .map((name) => name.slice(0, -'.log'.length))
    .sort();
}

export function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
