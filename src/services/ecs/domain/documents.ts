/**
 * Clusters, task definitions and tasks as berth stores them: the API's shapes (API_Cluster, API_TaskDefinition,
 * API_Task) with dates as ISO strings, plus the account and region that own them. `render.ts` turns them back into
 * what the API returns. Never holds credentials: the execution role's keys go to the agent only (TaskLaunch).
 */
import type { HealthStatus, LaunchType, TaskStatus, TaskStopCode } from '../../../engines/ecs/index.js';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface KeyValue {
  readonly name: string;
  readonly value: string;
}

export interface CapacityProviderStrategyItem {
  readonly capacityProvider: string;
  readonly weight?: number;
  readonly base?: number;
}

export interface ClusterDocument {
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly status: 'ACTIVE' | 'INACTIVE';
  readonly tags: readonly Tag[];
  readonly settings: readonly KeyValue[];
  readonly configuration?: unknown;
  readonly capacityProviders: readonly string[];
  readonly defaultCapacityProviderStrategy: readonly CapacityProviderStrategyItem[];
  readonly createdAt: string;
}

/** The registered definition (API_TaskDefinition with ISO dates) and its tags. */
export interface TaskDefinitionDocument {
  readonly account: string;
  readonly region: string;
  readonly definition: Readonly<Record<string, unknown>> & {
    readonly taskDefinitionArn: string;
    readonly family: string;
    readonly revision: number;
    readonly status: 'ACTIVE' | 'INACTIVE';
    readonly registeredAt: string;
    readonly deregisteredAt?: string;
  };
  readonly tags: readonly Tag[];
}

/** A family's revision counter: revisions are never reused, even after deregistration. */
export interface FamilyDocument {
  readonly account: string;
  readonly region: string;
  readonly family: string;
  readonly lastRevision: number;
}

export interface NetworkInterfaceRecord {
  readonly attachmentId: string;
  readonly privateIpv4Address?: string;
}

export interface ContainerRecord {
  readonly containerArn: string;
  readonly taskArn: string;
  readonly name: string;
  readonly image: string;
  readonly imageDigest?: string;
  readonly runtimeId?: string;
  readonly lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  readonly exitCode?: number;
  readonly reason?: string;
  readonly networkBindings: readonly unknown[];
  readonly networkInterfaces: readonly NetworkInterfaceRecord[];
  readonly healthStatus: HealthStatus;
  readonly cpu: string;
  readonly memory?: string;
  readonly memoryReservation?: string;
}

export interface AttachmentRecord {
  readonly id: string;
  readonly type: 'ElasticNetworkInterface';
  /** PRECREATED at RunTask, ATTACHED once the agent has the namespace, DELETED once stopped (API_Attachment). */
  readonly status: 'PRECREATED' | 'ATTACHING' | 'ATTACHED' | 'DETACHING' | 'DELETED';
  readonly details: readonly KeyValue[];
}

export interface TaskRecord {
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly taskId: string;
  readonly family: string;
  readonly networkMode?: string;
  readonly taskArn: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly lastStatus: TaskStatus;
  readonly desiredStatus: 'RUNNING' | 'STOPPED';
  readonly launchType: LaunchType;
  readonly capacityProviderName?: string;
  readonly platformVersion?: string;
  readonly platformFamily?: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly containers: readonly ContainerRecord[];
  readonly attachments: readonly AttachmentRecord[];
  readonly attributes: readonly KeyValue[];
  readonly availabilityZone: string;
  readonly group: string;
  readonly startedBy?: string;
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly tags: readonly Tag[];
  readonly version: number;
  readonly healthStatus: HealthStatus;
  readonly enableExecuteCommand: boolean;
  readonly ephemeralStorage?: { readonly sizeInGiB: number };
  readonly connectivity?: 'CONNECTED' | 'DISCONNECTED';
  readonly stopCode?: TaskStopCode;
  readonly stoppedReason?: string;
  readonly createdAt: string;
  readonly connectivityAt?: string;
  readonly pullStartedAt?: string;
  readonly pullStoppedAt?: string;
  readonly startedAt?: string;
  readonly executionStoppedAt?: string;
  readonly stoppingAt?: string;
  readonly stoppedAt?: string;
}
