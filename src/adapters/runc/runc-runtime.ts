/**
 * The container runtime on runc (agent/runtime/runtime.ts). Each container is a bundle under `bundlesDir` run by a
 * foreground `runc run` whose state lives under `stateRoot`, berth's own runc root, so `runc list` there is exactly
 * berth's containers and orphan cleanup touches nothing else.
 *
 * cgroups: the hosts berth runs on are cgroup v1 with a cgroup2 mount (hybrid); runc 1.1 handles that. When runc
 * refuses the memory or cpu settings, the container is started again without them and the start result says which
 * limit was not applied and why, rather than failing the task.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeConfig } from '../../agent/bundle/index.js';
import type {
  ContainerExit,
  ContainerRuntime,
  ContainerSpec,
  ResourceLimits,
  RunningContainer,
  StartResult,
} from '../../agent/runtime/runtime.js';
import { BerthError, isBerthError } from '../../errors/index.js';
import { type Clock, systemClock } from '../../ports/index.js';
import { type Bundle, createBundle, removeBundle, writeConfig } from './bundle-dir.js';
import { ContainerLogWriter } from './container-log.js';
import { type ForegroundContainer, runForeground } from './foreground-run.js';
import { type HostNofile, hostNofile } from './host-nofile.js';
import { type RuncOptions, runRunc } from './runc-command.js';
import { runcExec } from './runc-exec.js';

export interface RuncRuntimeOptions {
  /** runc's --root: berth's own, e.g. `<stateDir>/runc`. */
  readonly stateRoot: string;
  readonly bundlesDir: string;
  readonly runcPath?: string;
  /** cgroup parent of the containers (default `/berth`). */
  readonly cgroupParent?: string;
  readonly clock?: Clock;
  /** Hears of cleanup that failed after a container exited; what is left is for cleanupOrphans. */
  readonly onCleanupError?: (containerId: string, error: unknown) => void;
}

interface Started {
  readonly running: ForegroundContainer;
  readonly log: ContainerLogWriter;
}

/** runc's container id alphabet; also keeps the id a single safe path component. */
const validId = /^[A-Za-z0-9_.-]{1,1024}$/;

export class RuncRuntime implements ContainerRuntime {
  readonly #options: RuncRuntimeOptions;
  readonly #runc: RuncOptions;
  readonly #clock: Clock;
  readonly #nofile: HostNofile = hostNofile();
  /** Containers this instance started and has not cleaned up yet (cleanupOrphans leaves them alone). */
  readonly #live = new Set<string>();

  constructor(options: RuncRuntimeOptions) {
    this.#options = options;
    this.#runc = { runcPath: options.runcPath ?? 'runc', stateRoot: options.stateRoot };
    this.#clock = options.clock ?? systemClock;
  }

  async start(spec: ContainerSpec): Promise<StartResult> {
    if (!validId.test(spec.id) || spec.id === '.' || spec.id === '..') {
      throw new BerthError(
        'BERTH_RUNTIME_FAILED',
        `invalid container id ${JSON.stringify(spec.id)}: use A-Z a-z 0-9 _ . -`,
      );
    }
    if (this.#live.has(spec.id)) {
      throw new BerthError('BERTH_RUNTIME_FAILED', `a container with id ${spec.id} is already running`);
    }
    this.#live.add(spec.id);
    let bundle: Bundle | undefined;
    try {
      bundle = await createBundle(this.#options.bundlesDir, spec);
      const notes = [...bundle.notes, ...(this.#nofile.note ? [this.#nofile.note] : [])];
      const { limitNotes, ...started } = await this.#run(spec, bundle);
      notes.push(...limitNotes);
      return { container: this.#track(spec.id, bundle, started), notes };
    } catch (error) {
      this.#live.delete(spec.id);
      if (bundle) {
        await runRunc(this.#runc, ['delete', '--force', spec.id], { ignoreGone: true }).catch(
          () => undefined,
        );
        await removeBundle(bundle.dir).catch(() => undefined);
      }
      throw startFailure(spec.id, error);
    }
  }

  async cleanupOrphans(): Promise<readonly string[]> {
    const removed = new Set<string>();
    const listed = JSON.parse((await runRunc(this.#runc, ['list', '--format', 'json'])).trim() || 'null') as
      | { id: string }[]
      | null;
    for (const { id } of listed ?? []) {
      if (this.#live.has(id)) continue;
      await runRunc(this.#runc, ['kill', id, 'KILL'], { ignoreGone: true }).catch(() => undefined);
      await runRunc(this.#runc, ['delete', '--force', id], { ignoreGone: true });
      removed.add(id);
    }
    for (const id of this.#leftoverBundles()) {
      await removeBundle(join(realpathSync(this.#options.bundlesDir), id));
      removed.add(id);
    }
    return [...removed];
  }

  /** Runs the container; if it does not start with cgroup limits, once more without them. */
  async #run(spec: ContainerSpec, bundle: Bundle): Promise<Started & { limitNotes: string[] }> {
    const attempt = async (applyLimits: boolean): Promise<Started> => {
      writeConfig(
        bundle,
        runtimeConfig({
          spec,
          etcFiles: bundle.etcFiles,
          applyLimits,
          nofile: this.#nofile.nofile,
          ...(this.#options.cgroupParent ? { cgroupParent: this.#options.cgroupParent } : {}),
        }),
      );
      const log = new ContainerLogWriter(spec.logFile, this.#clock);
      return { running: await runForeground({ ...this.#runc, bundle: bundle.dir, id: spec.id, log }), log };
    };
    const limits = describeLimits(spec.limits);
    try {
      return { ...(await attempt(true)), limitNotes: [] };
    } catch (error) {
      if (limits.length === 0 || !isBerthError(error)) throw error;
      await runRunc(this.#runc, ['delete', '--force', spec.id], { ignoreGone: true });
      const started = await attempt(false);
      return { ...started, limitNotes: limits.map((what) => `${what} not applied: ${error.message}`) };
    }
  }

  /** The handle; once runc exits: the log is closed, runc's state deleted, the bundle unmounted and removed. */
  #track(id: string, bundle: Bundle, { running, log }: Started): RunningContainer {
    let done = false;
    const report = (error: unknown) => this.#options.onCleanupError?.(id, error);
    const exited: Promise<ContainerExit> = running.exit.then(async (exit) => {
      done = true;
      await log.close().catch(report);
      await runRunc(this.#runc, ['delete', '--force', id], { ignoreGone: true }).catch(report);
      await removeBundle(bundle.dir).catch(report);
      this.#live.delete(id);
      return { exitCode: exit.exitCode, ...(exit.signal ? { signal: exit.signal } : {}) };
    });
    return {
      id,
      pid: running.pid,
      exited,
      kill: async (signal) => {
        if (done) return;
        await runRunc(this.#runc, ['kill', id, signal], { ignoreGone: true });
      },
      exec: (args, timeoutMs) => runcExec(this.#runc, id, args, timeoutMs),
    };
  }

  #leftoverBundles(): string[] {
    try {
      return readdirSync(this.#options.bundlesDir).filter((id) => !this.#live.has(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

function describeLimits(limits: ResourceLimits | undefined): string[] {
  const what: string[] = [];
  if (limits?.memoryBytes !== undefined) what.push('memory limit');
  if (limits?.cpuShares !== undefined) what.push('cpu shares');
  return what;
}

/** Anything but a BerthError (a file system error making the bundle) as BERTH_RUNTIME_FAILED. */
function startFailure(id: string, error: unknown): BerthError {
  if (isBerthError(error)) return error;
  return new BerthError('BERTH_RUNTIME_FAILED', `cannot start container ${id}: ${(error as Error).message}`, {
    cause: error,
  });
}
