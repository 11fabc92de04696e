import type { Secret } from '../../errors/index.js';

// The port between CloudFormation's deploy engine (this service) and the resource providers. Providers act through
// berth's public APIs as a client over signed HTTP, with the stack's role or the caller's credentials, so IAM decides
// for CloudFormation as it does on AWS and no service imports another (DESIGN.md "Where wave 2 goes"; ref
// cloudformation-cdk §8.2). They live in adapters/cloudformation-resources, one file per AWS service; the part file
// hands the service a ResourceProvisioner built from them.

/** Temporary credentials a deployment acts with: the assumed RoleARN, or a session of the caller. */
export interface DeployCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly sessionToken?: Secret;
}

/** Where and as whom one resource operation runs. */
export interface ProvisionContext {
  readonly stackName: string;
  readonly stackId: string;
  readonly account: string;
  readonly region: string;
  readonly logicalId: string;
  readonly credentials: DeployCredentials;
  /** The stack's tags, which CloudFormation propagates to taggable resources (aws:cloudformation:* added by it). */
  readonly stackTags: Readonly<Record<string, string>>;
  /** Aborted when the stack operation is cancelled or berth stops; long waits (a service becoming stable) end. */
  readonly signal: AbortSignal;
}

/** What a created or updated resource is known by: Ref's value and Fn::GetAtt's attributes. */
export interface ProvisionedResource {
  readonly physicalId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** How CloudFormation treats a property change (the resource type docs' "Update requires"). */
export type UpdateBehaviour = 'no-interruption' | 'replacement';

/**
 * Resource types berth can deploy. Properties are fully resolved template values (no intrinsics left).
 * Failures are thrown as ProvisionError with the text CloudFormation shows as ResourceStatusReason.
 */
export interface ResourceProvisioner {
  supports(type: string): boolean;
  /** 'replacement' when changing these properties (old → new) needs a new physical resource. */
  updateBehaviour(type: string, changed: readonly string[]): UpdateBehaviour;
  create(
    type: string,
    properties: Readonly<Record<string, unknown>>,
    context: ProvisionContext,
  ): Promise<ProvisionedResource>;
  update(
    type: string,
    physicalId: string,
    properties: Readonly<Record<string, unknown>>,
    previous: Readonly<Record<string, unknown>>,
    context: ProvisionContext,
  ): Promise<ProvisionedResource>;
  /** Deleting what no longer exists succeeds (CloudFormation treats NotFound on delete as done). */
  delete(
    type: string,
    physicalId: string,
    properties: Readonly<Record<string, unknown>>,
    context: ProvisionContext,
  ): Promise<void>;
}

/** A provider's failure, worded as CloudFormation's ResourceStatusReason (often the service's own error message). */
export class ProvisionError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'ProvisionError';
    this.reason = reason;
  }
}
