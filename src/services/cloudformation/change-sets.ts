import type { RequestContext } from '../../aws/index.js';
import { checkTemplate, diffResources } from '../../engines/cloudformation/index.js';
import { type CloudFormationContext, isBusy } from './cloudformation-context.js';
import { cloudformationArn, randomUuid } from './domain/ids.js';
import type { ChangeSetRecord, StackRecord } from './domain/records.js';
import { wireChangeSet, wireChangeSetSummary } from './domain/wire.js';
import { cfnErrors } from './errors.js';
import type { StackInput } from './input/read-stack-input.js';
import { plannedChanges } from './planned-changes.js';
import { prepare } from './prepare.js';
import { isLive } from './stack-run.js';
import type { Stacks } from './stacks.js';

export interface CreateChangeSetInput extends StackInput {
  readonly changeSetName: string;
  readonly changeSetType: 'CREATE' | 'UPDATE' | 'IMPORT';
  readonly description?: string;
  readonly clientToken?: string;
}

/** The text of an empty change set (ref cloudformation-cdk §4.4; CDK and the AWS CLI match its start, §1.7, §3). */
export const noChangesReason =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

/**
 * Change sets (ref cloudformation-cdk §4.2, §4.4): made complete at once (the diff is computed while the request is
 * answered, so the first DescribeChangeSet sees CREATE_COMPLETE or FAILED), executed through the stack operations,
 * deleted idempotently (CDK deletes names that may not exist, §1.5).
 */
export class ChangeSets {
  readonly #x: CloudFormationContext;
  readonly #stacks: Stacks;

  constructor(x: CloudFormationContext, stacks: Stacks) {
    this.#x = x;
    this.#stacks = stacks;
  }

  async create(ctx: RequestContext, input: CreateChangeSetInput) {
    await this.#x.authorize(ctx, this.#x.stackArnPattern(ctx, input.stackName));
    if (input.changeSetType === 'IMPORT') {
      throw cfnErrors.validation('berth does not support resource import change sets (ChangeSetType IMPORT)');
    }
    const scope = this.#x.scope(ctx);
    const existing = this.#x.find(ctx, input.stackName);
    const live = existing && existing.status !== 'DELETE_COMPLETE' ? existing : undefined;
    const reviewing = live?.status === 'REVIEW_IN_PROGRESS';
    if (input.changeSetType === 'CREATE' && live && !reviewing) {
      throw cfnErrors.validation(
        `Stack [${input.stackName}] already exists and cannot be created again with the changeSet [${input.changeSetName}].`,
      );
    }
    if (input.changeSetType === 'UPDATE' && (!live || reviewing))
      throw cfnErrors.stackNotFoundBracketed(input.stackName);
    if (live && isBusy(live.status)) throw cfnErrors.badState(live.stackId, live.status, 'updated');
    if (
      live &&
      this.#x.store.changeSetsOf(scope, live.stackId).some((c) => c.changeSetName === input.changeSetName)
    ) {
      throw cfnErrors.changeSetExists(input.changeSetName);
    }
    const prepared = await prepare(
      this.#x.deps,
      ctx,
      input,
      input.changeSetType === 'UPDATE' ? live : undefined,
    );
    const stack = live ?? this.#stacks.newStack(ctx, input, prepared, 'REVIEW_IN_PROGRESS');
    if (!live) this.#x.store.putStack(stack);
    const provisioner = await this.#x.deps.provisioner();
    const deployed = input.changeSetType === 'UPDATE' ? this.#x.store.resources(stack).filter(isLive) : [];
    const changes = diffResources(
      deployed,
      await plannedChanges(this.#x, stack, prepared, provisioner),
      (type, changed) => provisioner.updateBehaviour(type, changed),
    );
    const physical = new Map(deployed.map((r) => [r.logicalId, r.physicalId]));
    const empty =
      input.changeSetType === 'UPDATE' &&
      changes.length === 0 &&
      JSON.stringify(stack.parameters) === JSON.stringify(prepared.plan.parameters) &&
      (input.tags === undefined || JSON.stringify(input.tags) === JSON.stringify(stack.tags));
    const { partition, random } = this.#x.deps;
    const record: ChangeSetRecord = {
      changeSetId: cloudformationArn(
        'changeSet',
        { partition, region: ctx.region, account: ctx.accountId },
        input.changeSetName,
        randomUuid(random),
      ),
      changeSetName: input.changeSetName,
      stackId: stack.stackId,
      stackName: stack.stackName,
      changeSetType: input.changeSetType,
      status: empty ? 'FAILED' : 'CREATE_COMPLETE',
      ...(empty ? { statusReason: noChangesReason } : {}),
      executionStatus: empty ? 'UNAVAILABLE' : 'AVAILABLE',
      creationTime: this.#x.now(),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...prepared.plan,
      noEcho: prepared.noEcho,
      capabilities: input.capabilities,
      ...(prepared.roleArn === undefined ? {} : { roleArn: prepared.roleArn }),
      tags: input.tags ?? stack.tags,
      notificationArns: input.notificationArns,
      changes: changes.map((c) => ({
        ...c,
        ...(physical.get(c.logicalId) ? { physicalId: physical.get(c.logicalId) } : {}),
      })),
      ...(input.clientToken === undefined ? {} : { clientToken: input.clientToken }),
    };
    this.#x.store.putChangeSet(scope, record);
    return { Id: record.changeSetId, StackId: stack.stackId };
  }

  async describe(ctx: RequestContext, name: string, stackName: string | undefined) {
    const found = this.#find(ctx, name, stackName);
    await this.#x.authorize(ctx, found?.stackId ?? '*');
    if (!found) throw cfnErrors.changeSetNotFound(name);
    return wireChangeSet(this.#settled(ctx, found));
  }

  async execute(
    ctx: RequestContext,
    input: { name: string; stackName?: string; token?: string; disableRollback?: boolean },
  ) {
    const found = this.#find(ctx, input.name, input.stackName);
    await this.#x.authorize(ctx, found?.stackId ?? '*');
    if (!found) throw cfnErrors.changeSetNotFound(input.name);
    if (found.executionStatus !== 'AVAILABLE') {
      throw cfnErrors.invalidChangeSetStatus(found.changeSetId, found.executionStatus);
    }
    const scope = this.#x.scope(ctx);
    const stack = this.#x.store.stackById(scope, found.stackId)!;
    if (isBusy(stack.status)) throw cfnErrors.badState(stack.stackId, stack.status, 'updated');
    const credentials = await this.#x.deps.ports.credentials({
      caller: ctx.caller,
      account: ctx.accountId,
      ...(found.roleArn === undefined ? {} : { roleArn: found.roleArn }),
    });
    if (!credentials) throw cfnErrors.roleNotAssumable(found.roleArn ?? '');
    // Executing a change set deletes the stack's other change sets (API_ExecuteChangeSet, ref cloudformation-cdk §4.2).
    for (const other of this.#x.store.changeSetsOf(scope, stack.stackId)) {
      if (other.changeSetId !== found.changeSetId) this.#x.store.deleteChangeSet(scope, other.changeSetId);
    }
    this.#x.store.putChangeSet(scope, { ...found, executionStatus: 'EXECUTE_IN_PROGRESS' });
    const checked = checkTemplate(found.templateBody);
    this.#stacks.execute(
      stack,
      {
        checked,
        plan: {
          templateBody: found.templateBody,
          parameters: found.parameters,
          resolvedSsm: found.resolvedSsm,
        },
        noEcho: found.noEcho,
        credentials,
        ...(found.roleArn === undefined ? {} : { roleArn: found.roleArn }),
      },
      {
        ...found,
        ...(input.disableRollback === undefined ? {} : { disableRollback: input.disableRollback }),
      },
      input.token,
      found.changeSetId,
    );
    return {};
  }

  async delete(ctx: RequestContext, name: string, stackName: string | undefined) {
    const found = this.#find(ctx, name, stackName);
    await this.#x.authorize(ctx, found?.stackId ?? '*');
    if (found) this.#x.store.deleteChangeSet(this.#x.scope(ctx), found.changeSetId);
    return {};
  }

  async list(ctx: RequestContext, stackName: string) {
    const stack = this.#x.find(ctx, stackName);
    await this.#x.authorize(ctx, stack?.stackId ?? '*');
    if (!stack) throw cfnErrors.stackNotFoundBracketed(stackName);
    const scope = this.#x.scope(ctx);
    return {
      Summaries: this.#x.store
        .changeSetsOf(scope, stack.stackId)
        .map((c) => wireChangeSetSummary(this.#settled(ctx, c))),
    };
  }

  /** A change set by ARN, or by name among the named stack's current change sets (§4.2). */
  #find(ctx: RequestContext, name: string, stackName: string | undefined): ChangeSetRecord | undefined {
    const scope = this.#x.scope(ctx);
    if (name.startsWith('arn:')) return this.#x.store.changeSet(scope, name);
    if (stackName === undefined) return undefined;
    const stack: StackRecord | undefined = this.#x.find(ctx, stackName);
    if (!stack) return undefined;
    return this.#x.store.changeSetsOf(scope, stack.stackId).find((c) => c.changeSetName === name);
  }

  /** An executing change set's ExecutionStatus follows its stack operation: COMPLETE or FAILED once it has ended. */
  #settled(ctx: RequestContext, c: ChangeSetRecord): ChangeSetRecord {
    if (c.executionStatus !== 'EXECUTE_IN_PROGRESS') return c;
    const stack = this.#x.store.stackById(this.#x.scope(ctx), c.stackId);
    if (!stack || isBusy(stack.status)) return c;
    const ok = ['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(stack.status);
    return { ...c, executionStatus: ok ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED' };
  }
}
