/**
 * One task, from the control plane's launch to STOPPED (ref ecs-private-auth §5, §1.2–1.8): PROVISIONING (the network) →
 * PENDING (secrets, registry auth, pulls: prepare-task.ts) → ACTIVATING (containers started in dependsOn order) →
 * RUNNING → on the first essential exit or StopTask: DEACTIVATING → STOPPING (SIGTERM, SIGKILL after stopTimeout)
 * → DEPROVISIONING (the network released) → STOPPED. Whatever the task made is released on every path.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerDefinition, NetworkMode, TaskLaunch } from '../../engines/ecs/index.js';
import { isBerthError } from '../../errors/index.js';
import { AwslogsDriver } from '../awslogs/index.js';
import { containerHostname, resolveProcessSpec } from '../bundle/index.js';
import { TaskHealthMonitor } from '../health/index.js';
import { messages } from '../messages.js';
import type { PortRequest, TaskNetworkHandle } from '../network/task-network.js';
import { startFailureReason, startFailureTaskReason } from '../resources/task-failure-reasons.js';
import type { ContainerExit, RunningContainer } from '../runtime/runtime.js';
import type { EndpointRegistration } from '../task-endpoint/index.js';
import {
  type ContainerGates,
  containersOnCycles,
  Deferred,
  dependencyMet,
  dependentsOf,
  newGates,
} from './container-order.js';
import type { Sleep, TaskAgentDeps } from './ports.js';
import { type PreparedTask, prepareTask, type StopCause } from './prepare-task.js';
import { defaultStopTimeoutSeconds, stopContainers } from './stop-containers.js';
import type { TaskRecords } from './task-records.js';
import { TaskReporter } from './task-reporter.js';

const mebibyte = 1024 * 1024;

export class TaskRun {
  readonly launch: TaskLaunch;
  /** Settles when the task is STOPPED and everything it made is released; never rejects. */
  readonly done: Promise<void>;
  readonly #deps: TaskAgentDeps & { readonly sleep: Sleep };
  readonly #records: TaskRecords;
  readonly #reporter: TaskReporter;
  readonly #definitions: readonly ContainerDefinition[];
  readonly #gates = new Map<string, ContainerGates>();
  readonly #running = new Map<string, RunningContainer>();
  readonly #abort = new AbortController();
  readonly #awslogs: AwslogsDriver;
  readonly #stopRequested = new Deferred<void>();
  readonly #health: TaskHealthMonitor;
  #stopCause?: StopCause;
  #network?: TaskNetworkHandle;
  #prepared?: PreparedTask;
  #endpoint?: EndpointRegistration;

  constructor(launch: TaskLaunch, deps: TaskAgentDeps & { readonly sleep: Sleep }, records: TaskRecords) {
    this.launch = launch;
    this.#deps = deps;
    this.#records = records;
    this.#definitions = launch.containers.map((c) => c.definition);
    for (const d of this.#definitions) this.#gates.set(d.name, newGates());
    this.#reporter = new TaskReporter(
      launch.taskArn,
      this.#definitions.map((d) => d.name),
      deps.sink,
    );
    this.#health = new TaskHealthMonitor({
      definitions: this.#definitions,
      reporter: this.#reporter,
      gates: this.#gates,
      clock: deps.clock,
      sleep: deps.sleep,
      signal: this.#abort.signal,
      onUnhealthy: () => this.#unhealthy(),
    });
    this.#awslogs = new AwslogsDriver(deps.logs, launch, (text) => this.#reporter.note(text), deps.clock);
    this.done = this.#run();
  }

  /** StopTask, an essential exit or a failure: the first cause is the one reported. */
  requestStop(cause: StopCause): void {
    if (this.#stopCause !== undefined) return;
    this.#stopCause = cause;
    this.#reporter.stopCode = cause.stopCode;
    this.#reporter.stoppedReason = cause.reason;
    this.#abort.abort();
    this.#stopRequested.resolve();
  }

  get #stopping(): boolean {
    return this.#stopCause !== undefined;
  }

  async #run(): Promise<void> {
    try {
      this.#saveRecord();
      this.#reporter.submit();
      await this.#provision();
      this.#prepared = this.#stopping ? undefined : await this.#prepare();
      if (this.#prepared !== undefined && !this.#stopping) await this.#activate(this.#prepared);
      await this.#stopRequested.promise;
    } catch (error) {
      // A bug (an illegal transition, a port breaking its contract): the task still stops cleanly.
      this.requestStop({ stopCode: 'TaskFailedToStart', reason: `berth agent error: ${describe(error)}` });
    }
    try {
      await this.#teardown();
    } catch (error) {
      this.#reporter.note(`berth agent error while stopping the task: ${describe(error)}`);
    }
  }

  get #networkMode(): NetworkMode {
    return (
      this.launch.taskDefinition.networkMode ?? (this.launch.launchType === 'FARGATE' ? 'awsvpc' : 'bridge')
    );
  }

  async #provision(): Promise<void> {
    try {
      this.#network = await this.#deps.network.create({
        taskId: this.launch.taskId,
        mode: this.#networkMode,
        ports: this.#ports(),
      });
    } catch (error) {
      if (!isBerthError(error)) throw error;
      this.requestStop({ stopCode: 'TaskFailedToStart', reason: messages.task.networkFailed(error.message) });
      return;
    }
    this.#saveRecord();
    if (this.#network.privateIpv4Address !== undefined) {
      this.#reporter.privateIpv4Address = this.#network.privateIpv4Address;
    }
    for (const note of this.#network.notes ?? []) this.#reporter.note(note);
    const source = this.#network.taskEndpointSource;
    if (source !== undefined && this.#deps.endpoints) {
      this.#endpoint = this.#deps.endpoints.register({
        address: source,
        source: { launch: this.launch, networkMode: this.#networkMode, reporter: this.#reporter },
        ...(this.launch.taskRole ? { taskRole: this.launch.taskRole } : {}),
      });
    }
    if (!this.#stopping) this.#reporter.moveTo('PENDING');
  }

  #prepare(): Promise<PreparedTask | undefined> {
    return prepareTask({
      launch: this.launch,
      images: this.#deps.images,
      secrets: this.#deps.secrets,
      parameters: this.#deps.parameters,
      reporter: this.#reporter,
      clock: this.#deps.clock,
      signal: this.#abort.signal,
      stop: (cause) => this.requestStop(cause),
      onPullProgress: (container, progress) =>
        this.#deps.pullProgress?.(this.launch.taskArn, container, progress),
    });
  }

  async #activate(prepared: PreparedTask): Promise<void> {
    this.#reporter.moveTo('ACTIVATING');
    const onCycle = containersOnCycles(this.#definitions);
    // Every start settles before anything else happens, so teardown never races a container being started.
    const starts = await Promise.allSettled(
      this.#definitions.map((d) => this.#startWhenReady(d, prepared, onCycle.has(d.name))),
    );
    for (const start of starts) if (start.status === 'rejected') throw start.reason;
    if (!this.#stopping) this.#reporter.moveTo('RUNNING');
  }

  async #startWhenReady(
    definition: ContainerDefinition,
    prepared: PreparedTask,
    onCycle: boolean,
  ): Promise<void> {
    const image = prepared.images.get(definition.name);
    let ready = image !== undefined && !onCycle;
    const stopped = this.#stopRequested.promise.then(() => false);
    for (const dependency of definition.dependsOn ?? []) {
      if (!ready) break;
      ready = await Promise.race([
        dependencyMet(dependency.condition, this.#gates.get(dependency.containerName)),
        stopped,
      ]);
    }
    if (!ready || this.#stopping || image === undefined) {
      this.#neverStarts(definition);
      return;
    }
    try {
      const process = resolveProcessSpec({
        image: image.config.config,
        definition,
        secrets: prepared.secrets.get(definition.name) ?? [],
        hostname: containerHostname({ id: this.#containerId(definition), ...hostnameOf(definition) }),
        rootfs: image.rootfs,
      });
      // ECS's own variables (task endpoint URIs) win over the definition's, as the agent merges them last.
      const env = [...process.env, ...(this.#endpoint?.environment(definition.name) ?? [])];
      const logDir = join(this.#deps.logsDir, this.launch.taskId);
      await mkdir(logDir, { recursive: true });
      const logFile = join(logDir, `${definition.name}.log`);
      const awslogs = await this.#awslogs.open(definition, this.#containerId(definition), logFile);
      if (awslogs.kind === 'failed') {
        this.#startFailed(definition, awslogs.reason);
        return;
      }
      const { container, notes } = await this.#deps.runtime.start({
        id: this.#containerId(definition),
        imageRootfs: image.rootfs,
        process: { ...process, env },
        ...hostnameOf(definition),
        ...(definition.readonlyRootFilesystem === undefined
          ? {}
          : { readonlyRootFilesystem: definition.readonlyRootFilesystem }),
        ...(this.#network?.netnsPath === undefined ? {} : { netnsPath: this.#network.netnsPath }),
        limits: this.#limits(definition),
        logFile,
      });
      this.#containerStarted(definition, container, notes);
    } catch (error) {
      if (!isBerthError(error)) throw error;
      this.#startFailed(definition, startFailureReason(error, this.launch.launchType));
    }
  }

  #containerStarted(
    definition: ContainerDefinition,
    container: RunningContainer,
    notes: readonly string[],
  ): void {
    this.#running.set(definition.name, container);
    this.#saveRecord();
    const view = this.#reporter.container(definition.name);
    this.#reporter.setContainerStatus(definition.name, 'RUNNING');
    view.runtimeId = container.id;
    view.startedAt = this.#deps.clock.now();
    // An awsvpc task is reached at its own address (the ENI's privateIpv4Address): ECS lists no networkBindings for
    // it, only for bridge and host modes, where a host port stands for the container's.
    if (this.#networkMode !== 'awsvpc') {
      view.networkBindings = (this.#network?.bindings ?? [])
        .filter((b) => b.containerName === definition.name)
        .map(({ containerName: _, ...binding }) => binding);
    }
    for (const note of notes) this.#reporter.note(`${definition.name}: ${note}`);
    // Reported as it happens, as an exit is: a container that waits on this one (dependsOn) is seen PENDING beside
    // it RUNNING, as ECS shows them, instead of both appearing at the next report (a health change, the task RUNNING).
    if (this.#reporter.status === 'ACTIVATING' || this.#reporter.status === 'RUNNING')
      this.#reporter.submit();
    this.#gates.get(definition.name)!.started.resolve(true);
    this.#health.watch(definition, container);
    void container.exited.then(
      (exit) => this.#containerExited(definition, exit),
      (error: unknown) => this.#containerExited(definition, { exitCode: 137 }, error),
    );
  }

  #containerExited(definition: ContainerDefinition, exit: ContainerExit, error?: unknown): void {
    const view = this.#reporter.container(definition.name);
    this.#reporter.setContainerStatus(definition.name, 'STOPPED');
    view.exitCode = exit.exitCode;
    if (error !== undefined)
      this.#reporter.note(`${definition.name}: the runtime lost the container: ${describe(error)}`);
    this.#gates.get(definition.name)!.exited.resolve(exit);
    if (definition.essential !== false) {
      this.#reporter.executionStoppedAt ??= this.#deps.clock.now();
      this.requestStop({
        stopCode: 'EssentialContainerExited',
        reason: messages.task.essentialContainerExited,
      });
    }
    // While starting or running, each exit is reported as it happens; once stopping, the stop reports carry it.
    if (this.#reporter.status === 'ACTIVATING' || this.#reporter.status === 'RUNNING')
      this.#reporter.submit();
  }

  /**
   * An essential container failed its health checks. A task of a service is stopped and replaced; a task run on its
   * own "continues its lifecycle regardless of its health status" (ref ecs-services-elb-logs §3.1). The stop code
   * is the scheduler's, which stops it on ECS [INF: ref ecs-services-elb-logs §8 U11].
   */
  #unhealthy(): void {
    if (!this.launch.group?.startsWith('service:')) return;
    this.requestStop({ stopCode: 'ServiceSchedulerInitiated', reason: messages.task.failedHealthChecks });
  }

  #startFailed(definition: ContainerDefinition, reason: string): void {
    this.#reporter.container(definition.name).reason ??= reason;
    if (definition.essential !== false) {
      this.requestStop({
        stopCode: 'TaskFailedToStart',
        reason: startFailureTaskReason(reason, this.launch.launchType),
      });
    }
    this.#neverStarts(definition);
  }

  /**
   * A container that will not run: STOPPED without an exit code, and anything waiting on it learns so. An essential
   * one stops the task as an essential container that exited would [INF: the agent marks it stopped; ECS derives
   * the task's reason from the essential container's stop].
   */
  #neverStarts(definition: ContainerDefinition): void {
    const view = this.#reporter.container(definition.name);
    if (view.status !== 'PENDING') return;
    this.#reporter.setContainerStatus(definition.name, 'STOPPED');
    const gates = this.#gates.get(definition.name)!;
    gates.started.resolve(false);
    gates.exited.resolve(undefined);
    gates.healthy.resolve(false);
    if (definition.essential !== false && !this.#stopping) {
      this.requestStop({
        stopCode: 'EssentialContainerExited',
        reason: messages.task.essentialContainerExited,
      });
    }
  }

  async #teardown(): Promise<void> {
    const reporter = this.#reporter;
    if (reporter.status === 'ACTIVATING' || reporter.status === 'RUNNING') reporter.moveTo('DEACTIVATING');
    reporter.moveTo('STOPPING');
    for (const definition of this.#definitions) this.#neverStarts(definition);
    await stopContainers(
      this.#definitions
        .filter((d) => this.#running.has(d.name))
        .map((d) => ({
          name: d.name,
          container: this.#running.get(d.name)!,
          stopTimeoutSeconds: d.stopTimeout ?? defaultStopTimeoutSeconds,
          ...stopSignalField(this.#prepared?.images.get(d.name)?.config.config.stopSignal),
        })),
      this.#gates,
      dependentsOf(this.#definitions),
      this.#deps.sleep,
      (name, error) => reporter.note(`${name}: could not signal the container: ${describe(error)}`),
    );
    // Exits are handled in a then() of `exited`: let those run before the final report.
    await Promise.all([...this.#gates.values()].map((g) => g.exited.promise));
    this.#endpoint?.release();
    // The containers' last lines reach their awslogs streams before the task is reported STOPPED.
    await this.#awslogs.close();
    reporter.moveTo('DEPROVISIONING');
    try {
      await this.#network?.release();
    } catch (error) {
      reporter.note(`the task network was not fully released: ${describe(error)}`);
    }
    reporter.moveTo('STOPPED');
    this.#records.remove(this.launch.taskArn);
  }

  #containerId(definition: ContainerDefinition): string {
    return `${this.launch.taskId}-${definition.name}`;
  }

  #ports(): PortRequest[] {
    return this.#definitions.flatMap((d) =>
      (d.portMappings ?? [])
        .filter((m) => m.containerPort !== undefined)
        .map((m) => ({
          containerName: d.name,
          containerPort: m.containerPort!,
          ...(m.hostPort === undefined ? {} : { hostPort: m.hostPort }),
          protocol: m.protocol ?? 'tcp',
        })),
    );
  }

  /** Container-level cpu and memory; a task of one container gets the task-level values. */
  #limits(definition: ContainerDefinition): { cpuShares?: number; memoryBytes?: number } {
    const single = this.#definitions.length === 1;
    const cpu = definition.cpu || (single ? this.launch.cpu : undefined);
    const memory = definition.memory ?? (single ? this.launch.memory : undefined);
    return {
      ...(cpu ? { cpuShares: cpu } : {}),
      ...(memory ? { memoryBytes: memory * mebibyte } : {}),
    };
  }

  #saveRecord(): void {
    this.#records.save({
      taskArn: this.launch.taskArn,
      taskId: this.launch.taskId,
      launchType: this.launch.launchType,
      containerNames: this.#definitions.map((d) => d.name),
      runtimeIds: [...this.#running.values()].map((c) => c.id),
      ...(this.#network?.netnsPath === undefined ? {} : { netnsPath: this.#network.netnsPath }),
    });
  }
}

function stopSignalField(stopSignal: string | undefined): { stopSignal?: string } {
  return stopSignal === undefined ? {} : { stopSignal };
}

function hostnameOf(definition: ContainerDefinition): { hostname?: string } {
  return definition.hostname === undefined ? {} : { hostname: definition.hostname };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
