/**
 * ECS services as berth stores them: the API's Service shape (ref ecs-services-elb-logs §1.3) with ISO dates, every
 * deployment the scheduler still needs (INACTIVE ones too: a circuit-breaker rollback re-activates the last COMPLETED
 * one, §1.4), and the scheduler's own bookkeeping (launch throttle, steady state), which the API never shows.
 */
import type { DeploymentStatus, RolloutState, ServiceStatus } from '../../../engines/ecs/index.js';
import type { AwsvpcConfiguration } from '../run-task-request.js';
import type { CapacityProviderStrategyItem, Tag } from './documents.js';

export interface DeploymentConfiguration {
  readonly deploymentCircuitBreaker: {
    readonly enable: boolean;
    readonly rollback: boolean;
    readonly resetOnHealthyTask?: boolean;
    readonly thresholdConfiguration?: {
      readonly type: 'COUNT' | 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT';
      readonly value: number;
    };
  };
  readonly maximumPercent: number;
  readonly minimumHealthyPercent: number;
  readonly alarms?: unknown;
}

export interface LoadBalancerConfig {
  readonly targetGroupArn?: string;
  readonly loadBalancerName?: string;
  readonly containerName?: string;
  readonly containerPort?: number;
}

export interface DeploymentRecord {
  readonly id: string;
  readonly status: DeploymentStatus;
  readonly taskDefinition: string;
  readonly failedTasks: number;
  /** A task of this deployment reached RUNNING: failures no longer count (API_Deployment `failedTasks`). */
  readonly hadRunningTask: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly rolloutState: RolloutState;
  readonly rolloutStateReason: string;
}

export interface ServiceEvent {
  readonly id: string;
  readonly createdAt: string;
  readonly message: string;
}

export interface ServiceDocument {
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly serviceName: string;
  readonly serviceArn: string;
  readonly status: ServiceStatus;
  readonly desiredCount: number;
  readonly taskDefinition: string;
  readonly launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL';
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  readonly platformVersion?: string;
  readonly awsvpcConfiguration?: AwsvpcConfiguration;
  readonly deploymentConfiguration: DeploymentConfiguration;
  readonly loadBalancers: readonly LoadBalancerConfig[];
  readonly healthCheckGracePeriodSeconds: number;
  readonly propagateTags: 'TASK_DEFINITION' | 'SERVICE' | 'NONE';
  readonly enableECSManagedTags: boolean;
  readonly enableExecuteCommand: boolean;
  readonly tags: readonly Tag[];
  readonly clientToken?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Newest first. */
  readonly deployments: readonly DeploymentRecord[];
  /** Newest first, at most 100. */
  readonly events: readonly ServiceEvent[];
  /** Launches that failed in a row (tasks that stopped before RUNNING): the throttle (ref §2.5). */
  readonly launchFailures: number;
  /** No launch before this time (ISO), while throttled. */
  readonly nextLaunchAt?: string;
  /** The last reconcile found the service steady (so "has reached a steady state." is said once per episode). */
  readonly steady: boolean;
  /** The deployment whose E17 deadlock was reported (once per deployment). */
  readonly deadlockReported?: string;
}
