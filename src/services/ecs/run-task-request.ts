/** RunTask's input after the wire layer checked its JSON types ([DOC] API_RunTask, API_TaskOverride). */
import type { ContainerOverride } from '../../engines/ecs/index.js';
import type { CapacityProviderStrategyItem, Tag } from './domain/documents.js';

export interface TaskOverrides {
  readonly containerOverrides?: readonly ContainerOverride[];
  readonly cpu?: string;
  readonly memory?: string;
  readonly executionRoleArn?: string;
  readonly taskRoleArn?: string;
  /** Other members (ephemeralStorage, inferenceAcceleratorOverrides …), echoed as given. */
  readonly other: Readonly<Record<string, unknown>>;
}

export interface AwsvpcConfiguration {
  readonly subnets: readonly string[];
  readonly securityGroups?: readonly string[];
  readonly assignPublicIp?: 'ENABLED' | 'DISABLED';
}

export interface RunTaskRequest {
  readonly cluster?: string;
  readonly taskDefinition: string;
  readonly count: number;
  readonly launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL';
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  readonly platformVersion?: string;
  readonly overrides?: TaskOverrides;
  /** `networkConfiguration` was given, with or without an awsvpcConfiguration. */
  readonly networkConfigurationGiven: boolean;
  readonly awsvpcConfiguration?: AwsvpcConfiguration;
  readonly startedBy?: string;
  readonly group?: string;
  readonly tags: readonly Tag[];
  readonly enableExecuteCommand: boolean;
}
