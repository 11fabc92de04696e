/**
 * What the ECS control plane and berth's agent say to each other — berth's in-process counterpart of ECS's ACS
 * messages (task payloads with execution-role credentials, reference/ecs-private-auth.md §1.1) and of the agent's
 * SubmitTaskStateChange. The control plane (services/ecs) sends a TaskLaunch; the agent (agent/task) answers with
 * TaskStateChanges. Neither imports the other: the composition root connects them through these types.
 */
import type { Secret } from '../../errors/index.js';
import type { ContainerDefinition, TaskDefinition } from './task-definition-types.js';

export type LaunchType = 'FARGATE' | 'EC2';
export type NetworkMode = 'awsvpc' | 'bridge' | 'host' | 'none';

/** ref ecs-private-auth §5.1: the public task states, in order. */
export const taskStatuses = [
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'RUNNING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
  'STOPPED',
] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export type ContainerStatus = 'PENDING' | 'RUNNING' | 'STOPPED';
/** A container's and a task's `healthStatus` (ref ecs-services-elb-logs §3.1). */
export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
/** ref ecs-private-auth §3.5 (the enum). */
export type TaskStopCode =
  | 'TaskFailedToStart'
  | 'EssentialContainerExited'
  | 'UserInitiated'
  | 'ServiceSchedulerInitiated'
  | 'SpotInterruption'
  | 'TerminationNotice';

/** The execution role's temporary credentials, assumed by the control plane as ecs-tasks.amazonaws.com. */
/**
 * The service principal ECS assumes task execution roles as, and names in `iam:PassedToService` (ref
 * ecs-private-auth §1.1).
 */
export const ecsTasksPrincipal = 'ecs-tasks.amazonaws.com';

export interface ExecutionCredentials {
  readonly roleArn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly sessionToken: Secret;
  readonly expiration: Date;
}

/**
 * The task role's credentials (taskRoleArn), assumed by the control plane as ecs-tasks.amazonaws.com like the
 * execution role's, for the containers (served at 169.254.170.2, never put in their environment). `renew` assumes
 * the role again: berth's in-process counterpart of the credentials refresh ACS pushes to the agent
 * (IAMRoleCredentialsMessage) before they expire; it rejects when the role can no longer be assumed.
 */
export interface TaskRoleCredentials {
  readonly credentials: ExecutionCredentials;
  readonly renew: () => Promise<ExecutionCredentials>;
}

/** A container as the agent must run it: the task definition's container with RunTask's overrides applied. */
export interface LaunchContainer {
  readonly definition: ContainerDefinition;
}

/** One task handed to the agent (RunTask, once per task of `count`). */
export interface TaskLaunch {
  readonly taskArn: string;
  /** The last part of the task ARN: the agent's name for the task (session name of the execution role). */
  readonly taskId: string;
  readonly clusterArn: string;
  readonly launchType: LaunchType;
  readonly region: string;
  readonly accountId: string;
  /** RunTask's `group` (`family:<family>` by default; a service's tasks are in `service:<name>`). */
  readonly group?: string;
  /** The registered definition (for cpu, memory, networkMode, family…); containers below carry the overrides. */
  readonly taskDefinition: TaskDefinition;
  readonly containers: readonly LaunchContainer[];
  /** Task-level cpu units / memory MiB after overrides, when set. */
  readonly cpu?: number;
  readonly memory?: number;
  /** Absent when the definition has no executionRoleArn (then an asm-auth need fails as ref ecs-private-auth §3.1 says). */
  readonly executionCredentials?: ExecutionCredentials;
  /**
   * Assumes the execution role again, as `TaskRoleCredentials.renew` does the task role: the awslogs driver calls the
   * Logs API as the execution role for as long as the task runs, past the hour its first credentials last.
   */
  readonly renewExecutionCredentials?: () => Promise<ExecutionCredentials>;
  /** Absent when the task has no taskRoleArn: then the containers get no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI. */
  readonly taskRole?: TaskRoleCredentials;
  /** The awsvpc subnets and security groups, echoed in the ENI attachment. */
  readonly networkConfiguration?: {
    readonly subnets: readonly string[];
    readonly securityGroups: readonly string[];
    readonly assignPublicIp?: 'ENABLED' | 'DISABLED';
  };
}

export interface NetworkBinding {
  readonly bindIP: string;
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: 'tcp' | 'udp';
}

/** One container's part of a state change; only what changed need be set, but names always. */
export interface ContainerStateChange {
  readonly name: string;
  readonly lastStatus?: ContainerStatus;
  readonly exitCode?: number;
  /** `CannotPullContainerError: …` etc., at most 1024 bytes (ref ecs-private-auth §1.8). */
  readonly reason?: string;
  /** The resolved manifest digest, reported as soon as it is known (ref ecs-private-auth §6.7). */
  readonly imageDigest?: string;
  /** berth's runtime id of the container (runc's container id). */
  readonly runtimeId?: string;
  readonly networkBindings?: readonly NetworkBinding[];
  /** awsvpc: the task's address. */
  readonly privateIpv4Address?: string;
  /** Only for a container whose definition has a healthCheck (ECS leaves it out otherwise, DescribeTasks shows UNKNOWN). */
  readonly healthStatus?: HealthStatus;
}

/** The agent's report (SubmitTaskStateChange): the control plane merges it into the task it describes. */
export interface TaskStateChange {
  readonly taskArn: string;
  readonly lastStatus: TaskStatus;
  readonly stoppedReason?: string;
  readonly stopCode?: TaskStopCode;
  readonly pullStartedAt?: Date;
  readonly pullStoppedAt?: Date;
  readonly executionStoppedAt?: Date;
  readonly containers?: readonly ContainerStateChange[];
  /** awsvpc: the ENI's private address once the namespace exists. */
  readonly privateIpv4Address?: string;
  /** The task's health, aggregated over its essential containers (ref ecs-services-elb-logs §3.1). */
  readonly healthStatus?: HealthStatus;
  /** Non-fatal notes for the user (e.g. "memory limit not applied: cgroup v1 memory controller missing"). */
  readonly notes?: readonly string[];
}

/** The agent, as the control plane sees it. */
export interface TaskAgentPort {
  /** Takes the task; progress arrives through the TaskStateSink. Never throws for task failures. */
  launch(task: TaskLaunch): void;
  /** StopTask: SIGTERM, then SIGKILL after each container's stopTimeout; the stop arrives as a state change. */
  stop(taskArn: string, reason: string): void;
}

/** The control plane, as the agent sees it. */
export interface TaskStateSink {
  submit(change: TaskStateChange): void;
}
