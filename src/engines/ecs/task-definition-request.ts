/**
 * What RegisterTaskDefinition hands to the rules: the request's members after the wire layer checked their JSON
 * types, and what the rules give back. The service adds what only it knows (ARN, revision, status, times, caller).
 */
import type { Attribute, ContainerDefinition, TaskDefinition } from './task-definition-types.js';
import type { NetworkMode } from './task-protocol.js';

export type Compatibility = 'EC2' | 'FARGATE' | 'EXTERNAL';

export interface TaskDefinitionRequest {
  readonly family: string;
  readonly containerDefinitions: readonly ContainerDefinition[];
  readonly taskRoleArn?: string;
  readonly executionRoleArn?: string;
  readonly networkMode?: NetworkMode;
  readonly requiresCompatibilities?: readonly Compatibility[];
  readonly cpu?: string;
  readonly memory?: string;
  readonly pidMode?: string;
  readonly ipcMode?: string;
  /** Every other member the caller sent (volumes, placementConstraints, runtimePlatform …), echoed as given. */
  readonly other: Readonly<Record<string, unknown>>;
}

/** Where the definition is registered: bare role names become ARNs in this partition and account. */
export interface RegistrationScope {
  readonly partition: string;
  readonly accountId: string;
}

/**
 * The definition as it will be stored, minus the fields the service fills in (ARN, revision, status, registeredAt,
 * registeredBy). Spelled out because Omit<> of a type with an index signature keeps only the index signature.
 */
export interface NormalizedTaskDefinition {
  readonly family: string;
  readonly containerDefinitions: readonly ContainerDefinition[];
  readonly taskRoleArn?: string;
  readonly executionRoleArn?: string;
  readonly networkMode?: TaskDefinition['networkMode'];
  readonly requiresCompatibilities?: readonly Compatibility[];
  readonly compatibilities: readonly Compatibility[];
  readonly requiresAttributes: readonly Attribute[];
  readonly cpu?: string;
  readonly memory?: string;
  readonly [field: string]: unknown;
}

/** A refusal: RegisterTaskDefinition answers ClientException with this text. */
export interface Rejection {
  readonly rejected: string;
}

export type RegistrationResult = { readonly definition: NormalizedTaskDefinition } | Rejection;

export function isRejection(result: object): result is Rejection {
  return 'rejected' in result;
}
