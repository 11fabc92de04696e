/**
 * CloudFormation's operations by Query Action name (ref cloudformation-cdk §4.2): each reads its input, then acts.
 * Members the clients send that berth does not use (DeploymentConfig, IncludeNestedStacks, …) are not read.
 */
import { type OperationSpec, queryOperation } from '../../aws/index.js';
import type { ChangeSets } from './change-sets.js';
import type { CloudFormationContext } from './cloudformation-context.js';
import { cfnErrors } from './errors.js';
import { readStackInput, readTemplateSource, stackNameRule, tokenRule } from './input/read-stack-input.js';
import type { Stacks } from './stacks.js';

const changeSetTypes = ['CREATE', 'UPDATE', 'IMPORT'] as const;

export function cloudformationHandlers(
  x: CloudFormationContext,
  stacks: Stacks,
  changeSets: ChangeSets,
): Record<string, OperationSpec> {
  return {
    CreateStack: queryOperation(
      (r) => ({
        ...readStackInput(r),
        token: r.string('ClientRequestToken', tokenRule),
        // OnFailure DO_NOTHING is DisableRollback by another name (DELETE is not supported: it rolls back).
        disableRollback:
          r.boolean('DisableRollback') ??
          r.choice('OnFailure', ['DO_NOTHING', 'ROLLBACK', 'DELETE'] as const) === 'DO_NOTHING',
        terminationProtection: r.boolean('EnableTerminationProtection') ?? false,
      }),
      (ctx, input) => stacks.create(ctx, input),
    ),
    UpdateStack: queryOperation(
      (r) => {
        const disableRollback = r.boolean('DisableRollback');
        return {
          ...readStackInput(r),
          token: r.string('ClientRequestToken', tokenRule),
          ...(disableRollback === undefined ? {} : { disableRollback }),
        };
      },
      (ctx, input) => stacks.update(ctx, input),
    ),
    DeleteStack: queryOperation(
      (r) => ({
        stackName: r.string('StackName', stackNameRule),
        roleArn: r.string('RoleARN', { min: 20, max: 2048 }),
        token: r.string('ClientRequestToken', tokenRule),
      }),
      (ctx, input) => stacks.delete(ctx, input),
    ),
    DescribeStacks: queryOperation(
      (r) => r.string('StackName'),
      (ctx, name) => stacks.describe(ctx, name),
    ),
    ListStacks: queryOperation(
      (r) => r.strings('StackStatusFilter') ?? [],
      (ctx, filter) => stacks.list(ctx, filter),
    ),
    DescribeStackEvents: queryOperation(
      (r) => r.string('StackName', stackNameRule),
      (ctx, name) => stacks.events(ctx, name),
    ),
    DescribeStackResource: queryOperation(
      (r) => ({
        stackName: r.string('StackName', stackNameRule),
        logicalId: r.string('LogicalResourceId', { required: true }),
      }),
      (ctx, input) => stacks.resource(ctx, input.stackName, input.logicalId),
    ),
    DescribeStackResources: queryOperation(
      (r) => ({
        stackName: r.string('StackName'),
        logicalId: r.string('LogicalResourceId'),
        physicalId: r.string('PhysicalResourceId'),
      }),
      (ctx, input) => stacks.resources(ctx, input),
    ),
    ListStackResources: queryOperation(
      (r) => r.string('StackName', stackNameRule),
      (ctx, name) => stacks.listResources(ctx, name),
    ),
    GetTemplate: queryOperation(
      (r) => ({
        stackName: r.string('StackName'),
        changeSetName: r.string('ChangeSetName'),
        stage: r.choice('TemplateStage', ['Original', 'Processed'] as const),
      }),
      (ctx, input) => stacks.template(ctx, input),
    ),
    GetTemplateSummary: queryOperation(
      (r) => ({ ...readTemplateSource(r), stackName: r.string('StackName') }),
      (ctx, input) => stacks.summary(ctx, input),
    ),
    ValidateTemplate: queryOperation(
      (r) => readTemplateSource(r),
      (ctx, input) => stacks.validate(ctx, input),
    ),
    UpdateTerminationProtection: queryOperation(
      (r) => ({
        stackName: r.string('StackName', stackNameRule),
        enabled:
          r.choice('EnableTerminationProtection', ['true', 'false'] as const, { required: true }) === 'true',
      }),
      (ctx, input) => stacks.terminationProtection(ctx, input.stackName, input.enabled),
    ),
    CreateChangeSet: queryOperation(
      (r) => {
        const description = r.string('Description', { max: 1024 });
        const clientToken = r.string('ClientToken', { min: 1, max: 128 });
        return {
          ...readStackInput(r),
          changeSetName: r.string('ChangeSetName', { required: true, min: 1, max: 128 }),
          changeSetType: r.choice('ChangeSetType', changeSetTypes) ?? 'UPDATE',
          ...(description === undefined ? {} : { description }),
          ...(clientToken === undefined ? {} : { clientToken }),
        };
      },
      (ctx, input) => changeSets.create(ctx, input),
    ),
    DescribeChangeSet: queryOperation(
      (r) => ({
        name: r.string('ChangeSetName', { required: true, min: 1 }),
        stackName: r.string('StackName'),
      }),
      (ctx, input) => changeSets.describe(ctx, input.name, input.stackName),
    ),
    ExecuteChangeSet: queryOperation(
      (r) => {
        const disableRollback = r.boolean('DisableRollback');
        return {
          name: r.string('ChangeSetName', { required: true, min: 1 }),
          stackName: r.string('StackName'),
          token: r.string('ClientRequestToken', tokenRule),
          ...(disableRollback === undefined ? {} : { disableRollback }),
        };
      },
      (ctx, input) => changeSets.execute(ctx, input),
    ),
    DeleteChangeSet: queryOperation(
      (r) => ({
        name: r.string('ChangeSetName', { required: true, min: 1 }),
        stackName: r.string('StackName'),
      }),
      (ctx, input) => changeSets.delete(ctx, input.name, input.stackName),
    ),
    ListChangeSets: queryOperation(
      (r) => r.string('StackName', stackNameRule),
      (ctx, name) => changeSets.list(ctx, name),
    ),
    ListImports: queryOperation(
      (r) => r.string('ExportName', { required: true, min: 1 }),
      async (ctx, name) => {
        await x.authorize(ctx);
        const importers = x.store
          .allStacks(x.scope(ctx))
          .filter((s) => s.status !== 'DELETE_COMPLETE' && s.imports?.includes(name));
        if (importers.length === 0)
          throw cfnErrors.validation(`Export '${name}' is not imported by any stack.`);
        return { Imports: importers.map((s) => s.stackName) };
      },
    ),
    ListExports: queryOperation(
      () => undefined,
      async (ctx) => {
        await x.authorize(ctx);
        return {
          Exports: x.store
            .exports(x.scope(ctx))
            .map((e) => ({ ExportingStackId: e.stackId, Name: e.name, Value: e.value })),
        };
      },
    ),
  };
}
