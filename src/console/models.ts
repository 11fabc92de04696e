// What the views show, as plain values: the reader copies only these fields out of the API answers, so that a view
// cannot show what it was never given (a secret's value, a registry password, a whole API object).

export interface TaskRow {
  readonly arn: string;
  readonly id: string;
  readonly cluster: string;
  /** `family:revision`. */
  readonly definition: string;
  readonly lastStatus: string;
  readonly desiredStatus: string;
  /** `service:<name>` for a service's task. */
  readonly group?: string;
  readonly launchType?: string;
  readonly createdAt?: Date;
  readonly stoppedAt?: Date;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
}

export interface ServiceRow {
  readonly arn: string;
  readonly name: string;
  readonly cluster: string;
  readonly status: string;
  readonly desired: number;
  readonly running: number;
  readonly pending: number;
  /** The primary deployment's rolloutState (IN_PROGRESS, COMPLETED, FAILED). */
  readonly rollout?: string;
}

export interface ClusterRow {
  readonly name: string;
  readonly status: string;
  readonly running: number;
  readonly pending: number;
  readonly services: number;
}

export interface Overview {
  readonly clusters: readonly ClusterRow[];
  readonly services: readonly ServiceRow[];
  /** Every task ECS still lists (running and recently stopped), newest first. */
  readonly tasks: readonly TaskRow[];
}

export interface DeploymentRow {
  readonly id: string;
  readonly status: string;
  readonly definition: string;
  readonly desired: number;
  readonly running: number;
  readonly pending: number;
  readonly failed: number;
  readonly rolloutState?: string;
  readonly rolloutStateReason?: string;
  readonly createdAt?: Date;
}

export interface TargetRow {
  readonly targetGroupArn: string;
  readonly id: string;
  readonly port?: number;
  readonly state: string;
  readonly reason?: string;
  readonly description?: string;
}

export interface ServiceDetail {
  readonly service: ServiceRow;
  readonly definition: string;
  readonly deployments: readonly DeploymentRow[];
  readonly events: readonly { readonly at?: Date; readonly message: string }[];
  readonly tasks: readonly TaskRow[];
  readonly targets: readonly TargetRow[];
}

export interface ContainerRow {
  readonly name: string;
  readonly image: string;
  readonly imageDigest?: string;
  readonly lastStatus: string;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly health?: string;
}

/** One variable of a container's environment: a plain value, or where a secret-sourced one comes from (never it). */
export interface EnvironmentRow {
  readonly container: string;
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: string;
}

export interface TaskDetail {
  readonly task: TaskRow;
  readonly definitionArn?: string;
  readonly executionRoleArn?: string;
  readonly taskRoleArn?: string;
  readonly timeline: readonly { readonly step: string; readonly at: Date }[];
  readonly containers: readonly ContainerRow[];
  readonly endpoints: readonly { readonly container: string; readonly url: string }[];
  readonly environment: readonly EnvironmentRow[];
  /** Containers whose output the Logs API holds (awslogs driver): the rest are read from berth's log files. */
  readonly awslogs: readonly string[];
}
