/** CreateService / UpdateService / DeleteService / DescribeServices / ListServices inputs (ref ecs-services-elb-logs §1.2). */
import type { CapacityProviderStrategyItem, Tag } from './domain/documents.js';
import type { DeploymentConfiguration, LoadBalancerConfig } from './domain/service-documents.js';
import type { AwsvpcConfiguration } from './run-task-request.js';

/** deploymentConfiguration as given: every member optional (defaults apply at create, old values at update). */
export interface DeploymentConfigurationInput {
  readonly maximumPercent?: number;
  readonly minimumHealthyPercent?: number;
  readonly deploymentCircuitBreaker?: DeploymentConfiguration['deploymentCircuitBreaker'];
  readonly alarms?: unknown;
}

export interface CreateServiceRequest {
  readonly cluster?: string;
  readonly serviceName: string;
  readonly taskDefinition?: string;
  readonly desiredCount?: number;
  readonly clientToken?: string;
  readonly launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL';
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  readonly platformVersion?: string;
  readonly loadBalancers: readonly LoadBalancerConfig[];
  readonly deploymentConfiguration?: DeploymentConfigurationInput;
  readonly networkConfigurationGiven: boolean;
  readonly awsvpcConfiguration?: AwsvpcConfiguration;
  readonly healthCheckGracePeriodSeconds?: number;
  readonly schedulingStrategy?: 'REPLICA' | 'DAEMON';
  readonly deploymentController?: string;
  readonly tags: readonly Tag[];
  readonly enableECSManagedTags: boolean;
  readonly propagateTags?: 'TASK_DEFINITION' | 'SERVICE' | 'NONE';
  readonly enableExecuteCommand: boolean;
}

export interface UpdateServiceRequest {
  readonly cluster?: string;
  readonly service: string;
  readonly desiredCount?: number;
  readonly taskDefinition?: string;
  readonly deploymentConfiguration?: DeploymentConfigurationInput;
  readonly networkConfigurationGiven: boolean;
  readonly awsvpcConfiguration?: AwsvpcConfiguration;
  readonly forceNewDeployment: boolean;
  readonly healthCheckGracePeriodSeconds?: number;
  readonly enableExecuteCommand?: boolean;
}

export interface ListServicesRequest {
  readonly cluster?: string;
  readonly maxResults?: number;
  readonly nextToken?: string;
  readonly launchType?: string;
  readonly schedulingStrategy?: string;
}
