/**
 * The container runtime as the agent sees it (DESIGN.md: agent/runtime/runtime.ts is the interface, adapters/runc
 * the implementation). One container = one OCI bundle run by the runtime; the containers of a task share the
 * network namespace the agent's TaskNetwork made for the task.
 */

export interface ProcessSpec {
  /** argv, already resolved with ECS precedence (entryPoint/command over the image's Entrypoint/Cmd). */
  readonly args: readonly string[];
  /** `NAME=value` lines, in order; later entries win. */
  readonly env: readonly string[];
  readonly cwd: string;
  /** Numeric uid/gid, resolved from the image's /etc/passwd and /etc/group when the user was a name. */
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids?: readonly number[];
}

export interface ResourceLimits {
  /** cgroup cpu shares (ECS container cpu units, or task cpu spread over containers). */
  readonly cpuShares?: number;
  /** Hard memory limit in bytes (ECS `memory`, or the task's memory). */
  readonly memoryBytes?: number;
}

export interface ContainerSpec {
  /** Unique on the host: berth uses `<taskId>-<containerName>` (runc ids: [A-Za-z0-9_.-]). */
  readonly id: string;
  /** The unpacked image, used read-only: the runtime gives the container a writable copy-on-write view or copy. */
  readonly imageRootfs: string;
  readonly process: ProcessSpec;
  readonly hostname?: string;
  readonly readonlyRootFilesystem?: boolean;
  /** Join this network namespace (a bind-mounted netns file); absent: the host's namespace (networkMode host). */
  readonly netnsPath?: string;
  readonly limits?: ResourceLimits;
  /** Where stdout and stderr go, one JSON line per chunk with a timestamp (see ContainerLogLine). */
  readonly logFile: string;
}

/** One line of a container's log file. */
export interface ContainerLogLine {
  /** ISO 8601 with milliseconds. */
  readonly time: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

export interface ContainerExit {
  /** The process's exit code; 128+N when killed by signal N (Docker's convention, which ECS reports). */
  readonly exitCode: number;
  readonly signal?: string;
}

export interface RunningContainer {
  readonly id: string;
  /** The container's init process id on the host. */
  readonly pid: number;
  /** Settles once, when the container's process has exited and the runtime cleaned up after it. */
  readonly exited: Promise<ContainerExit>;
  /** Sends a signal to the container's init process ('SIGTERM', 'SIGKILL'); no-op once it exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /**
   * Runs a process inside the running container (its namespaces, user, environment and working directory), as a
   * health check does; never rejects for the process's own failure. A runtime without it runs no health checks.
   */
  exec?(args: readonly string[], timeoutMs: number): Promise<ExecResult>;
}

export interface ExecResult {
  /** The process's exit code; -1 when it did not finish within the timeout (it is killed then). */
  readonly exitCode: number;
  readonly timedOut: boolean;
  /** stdout and stderr together, at most the first 4 KiB (Docker keeps that much of a health check's output). */
  readonly output: string;
}

/** Notes about what the host could not honour (e.g. cgroup limits), to show the user; never fatal. */
export interface StartResult {
  readonly container: RunningContainer;
  readonly notes: readonly string[];
}

export interface ContainerRuntime {
  /** Creates and starts the container; rejects with a BerthError (code BERTH_RUNTIME_FAILED) if it cannot start. */
  start(spec: ContainerSpec): Promise<StartResult>;
  /** Removes every container this runtime left behind (after a crash of `berth up`); returns their ids. */
  cleanupOrphans(): Promise<readonly string[]>;
}
