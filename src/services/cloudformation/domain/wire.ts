import type { ParameterDeclaration, TemplateSummary } from '../../../engines/cloudformation/index.js';
import type { ChangeSetRecord, ResourceRecord, StackRecord } from './records.js';

const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/**
 * A stack's parameters as DescribeStacks lists them: every template parameter with its effective value, defaults
 * included (CDK compares them to decide whether to redeploy, ref cloudformation-cdk §1.3), NoEcho ones masked,
 * SSM-typed ones with the value read (ResolvedValue, §1.7).
 */
export function wireParameters(record: {
  readonly parameters: Readonly<Record<string, string>>;
  readonly resolvedSsm: Readonly<Record<string, string>>;
  readonly noEcho: readonly string[];
}) {
  return Object.entries(record.parameters).map(([key, value]) => ({
    ParameterKey: key,
    ParameterValue: record.noEcho.includes(key) ? '****' : value,
    ...(Object.hasOwn(record.resolvedSsm, key) ? { ResolvedValue: record.resolvedSsm[key] } : {}),
  }));
}

/** One member of DescribeStacks' Stacks (ref cloudformation-cdk §4.1, §4.2). */
export function wireStack(stack: StackRecord) {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    ChangeSetId: stack.changeSetId,
    Description: stack.description,
    Parameters: wireParameters(stack),
    CreationTime: date(stack.creationTime),
    DeletionTime: date(stack.deletionTime),
    LastUpdatedTime: date(stack.lastUpdatedTime),
    RollbackConfiguration: {},
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: stack.disableRollback,
    NotificationARNs: stack.notificationArns,
    Capabilities: stack.capabilities,
    Outputs: stack.outputs,
    RoleARN: stack.roleArn,
    Tags: stack.tags,
    EnableTerminationProtection: stack.terminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function wireStackSummary(stack: StackRecord) {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    TemplateDescription: stack.description,
    CreationTime: date(stack.creationTime),
    LastUpdatedTime: date(stack.lastUpdatedTime),
    DeletionTime: date(stack.deletionTime),
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function wireResource(stack: StackRecord, r: ResourceRecord) {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    Timestamp: date(r.timestamp),
    ...wireResourceSummary(r),
  };
}

export function wireResourceSummary(r: ResourceRecord) {
  return {
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    LastUpdatedTimestamp: date(r.timestamp),
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

function wireDeclaration(d: ParameterDeclaration, withType: boolean) {
  return {
    ParameterKey: d.key,
    DefaultValue: d.defaultValue,
    ...(withType ? { ParameterType: d.type } : {}),
    NoEcho: d.noEcho,
    Description: d.description,
    ...(withType && d.allowedValues ? { ParameterConstraints: { AllowedValues: d.allowedValues } } : {}),
  };
}

/** ValidateTemplate's output. */
export function wireValidation(summary: TemplateSummary) {
  return {
    Parameters: summary.parameters.map((d) => wireDeclaration(d, false)),
    Description: summary.description,
    Capabilities: summary.capabilities,
    CapabilitiesReason: summary.capabilitiesReason,
    DeclaredTransforms: summary.declaredTransforms,
  };
}

/** GetTemplateSummary's output. */
export function wireSummary(summary: TemplateSummary) {
  return {
    Parameters: summary.parameters.map((d) => wireDeclaration(d, true)),
    Description: summary.description,
    Capabilities: summary.capabilities,
    CapabilitiesReason: summary.capabilitiesReason,
    ResourceTypes: summary.resourceTypes,
    Version: summary.version,
    DeclaredTransforms: summary.declaredTransforms,
  };
}

/** DescribeChangeSet's output (ref cloudformation-cdk §4.1). */
export function wireChangeSet(c: ChangeSetRecord) {
  return {
    ChangeSetName: c.changeSetName,
    ChangeSetId: c.changeSetId,
    StackId: c.stackId,
    StackName: c.stackName,
    Description: c.description,
    Parameters: wireParameters(c),
    CreationTime: date(c.creationTime),
    ExecutionStatus: c.executionStatus,
    Status: c.status,
    StatusReason: c.statusReason,
    NotificationARNs: c.notificationArns,
    RollbackConfiguration: {},
    Capabilities: c.capabilities,
    Tags: c.tags,
    Changes: c.changes.map((change) => ({
      Type: 'Resource',
      ResourceChange: {
        Action: change.action,
        LogicalResourceId: change.logicalId,
        PhysicalResourceId: change.physicalId,
        ResourceType: change.type,
        Replacement: change.replacement,
        Scope: change.changed.length > 0 ? ['Properties'] : [],
        Details: change.changed.map((name) => ({
          Target: {
            Attribute: 'Properties',
            Name: name,
            RequiresRecreation: change.replacement === 'True' ? 'Always' : 'Never',
          },
          Evaluation: change.dependent.includes(name) ? 'Dynamic' : 'Static',
          ChangeSource: change.dependent.includes(name) ? 'ResourceReference' : 'DirectModification',
        })),
      },
    })),
    IncludeNestedStacks: false,
  };
}

export function wireChangeSetSummary(c: ChangeSetRecord) {
  return {
    StackId: c.stackId,
    StackName: c.stackName,
    ChangeSetId: c.changeSetId,
    ChangeSetName: c.changeSetName,
    ExecutionStatus: c.executionStatus,
    Status: c.status,
    StatusReason: c.statusReason,
    CreationTime: date(c.creationTime),
    Description: c.description,
    IncludeNestedStacks: false,
  };
}
