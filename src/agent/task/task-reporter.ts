/**
 * What the control plane is told about one task (the agent's SubmitTaskStateChange): the task's status through
 * the transition table, and on every report the whole picture, every container included, so the control plane
 * may merge reports in any grouping. Reasons are cut to ECS's 1024 bytes here, once for every path.
 */
import {
  type ContainerStateChange,
  type ContainerStatus,
  containerLifecycle,
  type HealthStatus,
  type NetworkBinding,
  type TaskStateSink,
  type TaskStatus,
  type TaskStopCode,
  taskLifecycle,
} from '../../engines/ecs/index.js';
import { truncateReason } from '../resources/task-failure-reasons.js';

export interface ContainerView {
  readonly name: string;
  status: ContainerStatus;
  exitCode?: number;
  reason?: string;
  imageDigest?: string;
  runtimeId?: string;
  networkBindings?: readonly NetworkBinding[];
  /** When the container's process started (the metadata endpoint's StartedAt). */
  startedAt?: Date;
  /** Set once the container runs, when its definition has a healthCheck. */
  health?: ContainerHealthView;
}

export interface ContainerHealthView {
  status: HealthStatus;
  since: Date;
  /** The last check's output, cut short (Docker keeps 4 KiB of it). */
  output?: string;
}

export class TaskReporter {
  readonly taskArn: string;
  readonly containers: ReadonlyMap<string, ContainerView>;
  #status: TaskStatus = 'PROVISIONING';
  stopCode?: TaskStopCode;
  stoppedReason?: string;
  pullStartedAt?: Date;
  pullStoppedAt?: Date;
  executionStoppedAt?: Date;
  privateIpv4Address?: string;
  /** Set once a container with a health check runs (agent/health). */
  healthStatus?: HealthStatus;
  readonly #sink: TaskStateSink;
  #notes: string[] = [];

  constructor(taskArn: string, containerNames: readonly string[], sink: TaskStateSink) {
    this.taskArn = taskArn;
    this.#sink = sink;
    this.containers = new Map(containerNames.map((name) => [name, { name, status: 'PENDING' }]));
  }

  get status(): TaskStatus {
    return this.#status;
  }

  /** Moves the task on (BERTH_INTERNAL if the table forbids it) and reports. */
  moveTo(status: TaskStatus): void {
    this.#status = taskLifecycle.next(this.#status, status);
    this.submit();
  }

  container(name: string): ContainerView {
    return this.containers.get(name)!;
  }

  /** Moves a container on (BERTH_INTERNAL if the table forbids it); the caller reports. */
  setContainerStatus(name: string, status: ContainerStatus): void {
    const view = this.container(name);
    view.status = containerLifecycle.next(view.status, status);
  }

  /** A note for the user with the next report (a limit the host could not apply, a release that failed). */
  note(text: string): void {
    this.#notes.push(text);
  }

  submit(): void {
    const notes = this.#notes;
    this.#notes = [];
    this.#sink.submit({
      taskArn: this.taskArn,
      lastStatus: this.#status,
      ...(this.stopCode === undefined ? {} : { stopCode: this.stopCode }),
      ...(this.stoppedReason === undefined ? {} : { stoppedReason: truncateReason(this.stoppedReason) }),
      ...(this.pullStartedAt === undefined ? {} : { pullStartedAt: this.pullStartedAt }),
      ...(this.pullStoppedAt === undefined ? {} : { pullStoppedAt: this.pullStoppedAt }),
      ...(this.executionStoppedAt === undefined ? {} : { executionStoppedAt: this.executionStoppedAt }),
      ...(this.privateIpv4Address === undefined ? {} : { privateIpv4Address: this.privateIpv4Address }),
      ...(this.healthStatus === undefined ? {} : { healthStatus: this.healthStatus }),
      containers: [...this.containers.values()].map((view) => this.#containerChange(view)),
      ...(notes.length === 0 ? {} : { notes }),
    });
  }

  #containerChange(view: ContainerView): ContainerStateChange {
    return {
      name: view.name,
      lastStatus: view.status,
      ...(view.exitCode === undefined ? {} : { exitCode: view.exitCode }),
      ...(view.reason === undefined ? {} : { reason: truncateReason(view.reason) }),
      ...(view.imageDigest === undefined ? {} : { imageDigest: view.imageDigest }),
      ...(view.runtimeId === undefined ? {} : { runtimeId: view.runtimeId }),
      ...(view.networkBindings === undefined ? {} : { networkBindings: view.networkBindings }),
      ...(view.health === undefined ? {} : { healthStatus: view.health.status }),
      ...(this.privateIpv4Address === undefined ? {} : { privateIpv4Address: this.privateIpv4Address }),
    };
  }
}
