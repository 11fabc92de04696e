/**
 * ECS's task definition, as RegisterTaskDefinition stores it and DescribeTaskDefinition returns it (API_TaskDefinition,
 * API_ContainerDefinition). Field names are the API's; only what berth reads is typed, but the control plane keeps
 * every field a user sent (unknown fields are echoed back as ECS does with the ones it supports).
 */

export interface KeyValuePair {
  readonly name: string;
  readonly value: string;
}

export interface PortMapping {
  readonly containerPort?: number;
  readonly hostPort?: number;
  readonly protocol?: 'tcp' | 'udp';
  readonly name?: string;
  readonly appProtocol?: string;
}

export interface ContainerSecret {
  readonly name: string;
  /** A Secrets Manager ARN, optionally `:json-key:version-stage:version-id` (ref ecs-private-auth §6.6). */
  readonly valueFrom: string;
}

export interface RepositoryCredentials {
  readonly credentialsParameter: string;
}

export interface ContainerDependency {
  readonly containerName: string;
  readonly condition: 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';
}

export interface LogConfiguration {
  readonly logDriver: string;
  readonly options?: Readonly<Record<string, string>>;
  readonly secretOptions?: readonly ContainerSecret[];
}

/** A container's `healthCheck` (API_HealthCheck); the ranges are checked by container-rules.ts. */
export interface HealthCheck {
  readonly command?: readonly string[];
  readonly interval?: number;
  readonly timeout?: number;
  readonly retries?: number;
  readonly startPeriod?: number;
}

export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential?: boolean;
  readonly cpu?: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
  readonly portMappings?: readonly PortMapping[];
  readonly environment?: readonly KeyValuePair[];
  readonly secrets?: readonly ContainerSecret[];
  readonly entryPoint?: readonly string[];
  readonly command?: readonly string[];
  readonly workingDirectory?: string;
  readonly user?: string;
  readonly dependsOn?: readonly ContainerDependency[];
  readonly stopTimeout?: number;
  readonly startTimeout?: number;
  readonly repositoryCredentials?: RepositoryCredentials;
  readonly logConfiguration?: LogConfiguration;
  readonly hostname?: string;
  readonly healthCheck?: HealthCheck;
  readonly readonlyRootFilesystem?: boolean;
  readonly [field: string]: unknown;
}

export interface Attribute {
  readonly name: string;
  readonly value?: string;
  readonly targetType?: string;
  readonly targetId?: string;
}

export interface TaskDefinition {
  readonly taskDefinitionArn: string;
  readonly family: string;
  readonly revision: number;
  readonly containerDefinitions: readonly ContainerDefinition[];
  readonly taskRoleArn?: string;
  readonly executionRoleArn?: string;
  readonly networkMode?: 'awsvpc' | 'bridge' | 'host' | 'none';
  readonly requiresCompatibilities?: readonly ('EC2' | 'FARGATE' | 'EXTERNAL')[];
  readonly compatibilities: readonly ('EC2' | 'FARGATE' | 'EXTERNAL')[];
  readonly requiresAttributes?: readonly Attribute[];
  /** Strings in the API ("256"), as ECS returns them. */
  readonly cpu?: string;
  readonly memory?: string;
  readonly status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  readonly registeredAt: Date;
  readonly registeredBy?: string;
  readonly deregisteredAt?: Date;
  readonly [field: string]: unknown;
}
