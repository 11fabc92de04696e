import type { TemplateValue } from '../../../engines/cloudformation/index.js';

/** The settings a stack and a change set both carry: parameters, capabilities, role, tags, notifications. */
export interface DeploymentSettings {
  /** Parameter values as submitted or defaulted (an SSM type's value is the parameter's name). */
  readonly parameters: Readonly<Record<string, string>>;
  /** SSM-typed parameters' values as read when the operation was created (DescribeStacks ResolvedValue). */
  readonly resolvedSsm: Readonly<Record<string, string>>;
  readonly noEcho: readonly string[];
  readonly capabilities: readonly string[];
  readonly roleArn?: string;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  readonly notificationArns: readonly string[];
}

/** What CloudFormation keeps of a stack (ref cloudformation-cdk §4.2 DescribeStacks, §4.3 StackStatus). */
export interface StackRecord extends DeploymentSettings {
  readonly stackId: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly creationTime: string;
  readonly lastUpdatedTime?: string;
  readonly deletionTime?: string;
  readonly description?: string;
  /** The submitted template text, verbatim (GetTemplate Original; CDK compares it byte for byte, §1.5). */
  readonly templateBody?: string;
  readonly disableRollback: boolean;
  readonly terminationProtection: boolean;
  readonly outputs: readonly OutputRecord[];
  /** The change set the current template came from. */
  readonly changeSetId?: string;
  /** The exports its template imports (Fn::ImportValue), as of its last successful operation (ListImports). */
  readonly imports?: readonly string[];
  /** ClientRequestToken of the last operation started (idempotent retries), with the operation's name. */
  readonly lastToken?: { readonly token: string; readonly operation: string };
  readonly eventCount: number;
}

export interface OutputRecord {
  readonly OutputKey: string;
  readonly OutputValue: string;
  readonly Description?: string;
  readonly ExportName?: string;
}

/** A resource of a stack: its physical resource and the values it was made with. */
export interface ResourceRecord {
  readonly stackId: string;
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly timestamp: string;
  readonly physicalId?: string;
  readonly properties: Readonly<Record<string, TemplateValue>>;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly deletionPolicy: string;
  readonly updateReplacePolicy: string;
}

export interface EventRecord {
  readonly EventId: string;
  readonly StackId: string;
  readonly StackName: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType: string;
  readonly Timestamp: string;
  readonly ResourceStatus: string;
  readonly ResourceStatusReason?: string;
  readonly ClientRequestToken?: string;
}

/** One entry of a change set's Changes, as DescribeChangeSet returns it. */
export interface ChangeRecord {
  readonly action: 'Add' | 'Modify' | 'Remove';
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly replacement?: string;
  readonly changed: readonly string[];
  readonly dependent: readonly string[];
}

export interface ChangeSetRecord extends DeploymentSettings {
  readonly changeSetId: string;
  readonly changeSetName: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly changeSetType: 'CREATE' | 'UPDATE' | 'IMPORT';
  readonly status: string;
  readonly statusReason?: string;
  readonly executionStatus: string;
  readonly creationTime: string;
  readonly description?: string;
  readonly templateBody: string;
  readonly changes: readonly ChangeRecord[];
  readonly clientToken?: string;
}

export interface ExportRecord {
  readonly name: string;
  readonly value: string;
  readonly stackId: string;
}
