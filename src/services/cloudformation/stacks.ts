import type { RequestContext } from '../../aws/index.js';
import { checkTemplate, diffResources } from '../../engines/cloudformation/index.js';
import { type CloudFormationContext, isBusy } from './cloudformation-context.js';
import { createStack, deleteStack, updateStack } from './deployer.js';
import { cloudformationArn, randomUuid } from './domain/ids.js';
import type { StackRecord } from './domain/records.js';
import {
  wireResource,
  wireResourceSummary,
  wireStack,
  wireStackSummary,
  wireSummary,
  wireValidation,
} from './domain/wire.js';
import { cfnErrors } from './errors.js';
import type { StackInput, TemplateSource } from './input/read-stack-input.js';
import { plannedChanges } from './planned-changes.js';
import { type Prepared, prepare } from './prepare.js';
import { isLive } from './stack-run.js';

export interface CreateStackInput extends StackInput {
  readonly token?: string;
  readonly disableRollback: boolean;
  readonly terminationProtection: boolean;
}

/** Stacks: the operations that start stack operations, and the reads (ref cloudformation-cdk §4.2). */
export class Stacks {
  readonly #x: CloudFormationContext;

  constructor(x: CloudFormationContext) {
    this.#x = x;
  }

  /** A new stack record, not yet stored (REVIEW_IN_PROGRESS for a change set, CREATE_IN_PROGRESS otherwise). */
  newStack(
    ctx: RequestContext,
    input: StackInput,
    prepared: Prepared | undefined,
    status: string,
  ): StackRecord {
    const { partition, random } = this.#x.deps;
    return {
      stackId: cloudformationArn(
        'stack',
        { partition, region: ctx.region, account: ctx.accountId },
        input.stackName,
        randomUuid(random),
      ),
      stackName: input.stackName,
      account: ctx.accountId,
      region: ctx.region,
      status,
      creationTime: this.#x.now(),
      parameters: {},
      resolvedSsm: {},
      noEcho: prepared?.noEcho ?? [],
      capabilities: input.capabilities,
      tags: input.tags ?? [],
      notificationArns: input.notificationArns,
      disableRollback: false,
      terminationProtection: false,
      outputs: [],
      eventCount: 0,
      ...(prepared?.checked.summary.description === undefined
        ? {}
        : { description: prepared.checked.summary.description }),
      ...(prepared?.roleArn === undefined ? {} : { roleArn: prepared.roleArn }),
    };
  }

  async create(ctx: RequestContext, input: CreateStackInput) {
    await this.#x.authorize(ctx, this.#x.stackArnPattern(ctx, input.stackName));
    const existing = this.#x.find(ctx, input.stackName);
    if (existing && input.token !== undefined && existing.lastToken?.token === input.token) {
      return { StackId: existing.stackId };
    }
    checkStackName(input.stackName);
    if (existing) throw cfnErrors.alreadyExists(input.stackName);
    const prepared = await prepare(this.#x.deps, ctx, input);
    const stack: StackRecord = {
      ...this.newStack(ctx, input, prepared, 'CREATE_IN_PROGRESS'),
      templateBody: prepared.plan.templateBody,
      parameters: prepared.plan.parameters,
      resolvedSsm: prepared.plan.resolvedSsm,
      disableRollback: input.disableRollback,
      terminationProtection: input.terminationProtection,
      ...(input.token === undefined ? {} : { lastToken: { token: input.token, operation: 'CreateStack' } }),
    };
    this.#x.store.putStack(stack);
    this.#x.start(stack, prepared.credentials, input.token, (run) => createStack(run, prepared.plan));
    return { StackId: stack.stackId };
  }

  async update(
    ctx: RequestContext,
    input: StackInput & { readonly token?: string; readonly disableRollback?: boolean },
  ) {
    await this.#x.authorize(ctx, this.#x.stackArnPattern(ctx, input.stackName));
    const stack = this.#x.live(ctx, input.stackName);
    if (input.token !== undefined && stack.lastToken?.token === input.token)
      return { StackId: stack.stackId };
    if (
      !['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE'].includes(
        stack.status,
      )
    ) {
      throw cfnErrors.badState(stack.stackId, stack.status, 'updated');
    }
    const prepared = await prepare(this.#x.deps, ctx, input, stack);
    const provisioner = await this.#x.deps.provisioner();
    const changes = diffResources(
      this.#x.store.resources(stack).filter(isLive),
      await plannedChanges(this.#x, stack, prepared, provisioner),
      (type, changed) => provisioner.updateBehaviour(type, changed),
    );
    const same =
      changes.length === 0 &&
      JSON.stringify(stack.parameters) === JSON.stringify(prepared.plan.parameters) &&
      (input.tags === undefined || JSON.stringify(input.tags) === JSON.stringify(stack.tags)) &&
      stack.templateBody === prepared.plan.templateBody;
    if (same) throw cfnErrors.noUpdates();
    return this.execute(stack, prepared, input, input.token);
  }

  /** Starts the update of a live stack to a prepared plan (UpdateStack, ExecuteChangeSet). */
  execute(
    stack: StackRecord,
    prepared: Prepared,
    input: {
      readonly capabilities: readonly string[];
      readonly tags?: StackRecord['tags'];
      readonly notificationArns: readonly string[];
      readonly disableRollback?: boolean;
    },
    token: string | undefined,
    changeSetId?: string,
  ) {
    const previous = {
      templateBody: stack.templateBody ?? '',
      parameters: stack.parameters,
      resolvedSsm: stack.resolvedSsm,
    };
    const next: StackRecord = {
      ...stack,
      capabilities: input.capabilities,
      tags: input.tags ?? stack.tags,
      notificationArns: input.notificationArns,
      noEcho: prepared.noEcho,
      ...(prepared.checked.summary.description === undefined
        ? {}
        : { description: prepared.checked.summary.description }),
      ...(prepared.roleArn === undefined ? {} : { roleArn: prepared.roleArn }),
      ...(input.disableRollback === undefined ? {} : { disableRollback: input.disableRollback }),
      ...(token === undefined ? {} : { lastToken: { token, operation: 'UpdateStack' } }),
      ...(changeSetId === undefined ? {} : { changeSetId }),
      // A stack made by a CREATE change set gets its template now; an update's is swapped in when it succeeds.
      ...(stack.templateBody === undefined
        ? { ...prepared.plan, status: 'CREATE_IN_PROGRESS', creationTime: this.#x.now() }
        : {}),
    };
    this.#x.store.putStack(next);
    this.#x.start(next, prepared.credentials, token, (run) =>
      stack.templateBody === undefined
        ? createStack(run, prepared.plan)
        : updateStack(run, prepared.plan, previous),
    );
    return { StackId: stack.stackId };
  }

  async delete(ctx: RequestContext, input: { stackName: string; roleArn?: string; token?: string }) {
    await this.#x.authorize(ctx, this.#x.stackArnPattern(ctx, input.stackName));
    const stack = this.#x.find(ctx, input.stackName);
    // Deleting a stack that does not exist (or is deleted) succeeds (ref cloudformation-cdk §4.2).
    if (!stack || stack.status === 'DELETE_COMPLETE') return undefined;
    if (stack.terminationProtection) throw cfnErrors.terminationProtection(stack.stackName);
    if (isBusy(stack.status)) {
      if (stack.status === 'DELETE_IN_PROGRESS') return undefined;
      throw cfnErrors.badState(stack.stackId, stack.status, 'deleted');
    }
    const roleArn = input.roleArn ?? stack.roleArn;
    if (input.roleArn !== undefined) {
      await this.#x.deps.authorizer.authorize(ctx, { action: 'iam:PassRole', resource: input.roleArn });
    }
    const credentials = await this.#x.deps.ports.credentials({
      caller: ctx.caller,
      account: ctx.accountId,
      ...(roleArn === undefined ? {} : { roleArn }),
    });
    if (!credentials) throw cfnErrors.roleNotAssumable(roleArn ?? '');
    for (const changeSet of this.#x.store.changeSetsOf(this.#x.scope(ctx), stack.stackId)) {
      this.#x.store.deleteChangeSet(this.#x.scope(ctx), changeSet.changeSetId);
    }
    const next = {
      ...stack,
      ...(input.token === undefined ? {} : { lastToken: { token: input.token, operation: 'DeleteStack' } }),
    };
    this.#x.store.putStack(next);
    this.#x.start(next, credentials, input.token, (run) => deleteStack(run));
    return undefined;
  }

  async describe(ctx: RequestContext, stackName: string | undefined) {
    await this.#x.authorize(ctx, stackName === undefined ? '*' : this.#x.stackArnPattern(ctx, stackName));
    if (stackName === undefined) {
      const live = this.#x.store.allStacks(this.#x.scope(ctx)).filter((s) => s.status !== 'DELETE_COMPLETE');
      return { Stacks: live.reverse().map(wireStack) };
    }
    const stack = this.#x.find(ctx, stackName);
    if (!stack) throw cfnErrors.stackNotFound(stackName);
    return { Stacks: [wireStack(stack)] };
  }

  async list(ctx: RequestContext, filter: readonly string[]) {
    await this.#x.authorize(ctx);
    const stacks = this.#x.store.allStacks(this.#x.scope(ctx)).reverse();
    return {
      StackSummaries: stacks
        .filter((s) => filter.length === 0 || filter.includes(s.status))
        .map(wireStackSummary),
    };
  }

  async events(ctx: RequestContext, stackName: string) {
    await this.#x.authorize(ctx, this.#x.stackArnPattern(ctx, stackName));
    const stack = this.#x.find(ctx, stackName);
    if (!stack) throw cfnErrors.stackNotFoundBracketed(stackName);
    return {
      StackEvents: this.#x.store.events(stack).map((e) => ({ ...e, Timestamp: new Date(e.Timestamp) })),
    };
  }

  async resources(
    ctx: RequestContext,
    input: { stackName?: string; logicalId?: string; physicalId?: string },
  ) {
    const stack = this.#stackFor(ctx, input.stackName, input.physicalId);
    await this.#x.authorize(ctx, stack.stackId);
    const resources = this.#x.store
      .resources(stack)
      .filter((r) => input.logicalId === undefined || r.logicalId === input.logicalId)
      .filter((r) => input.physicalId === undefined || r.physicalId === input.physicalId);
    return { StackResources: resources.map((r) => wireResource(stack, r)) };
  }

  async resource(ctx: RequestContext, stackName: string, logicalId: string) {
    await this.#x.authorize(ctx, this.#x.stackArnPattern(ctx, stackName));
    const stack = this.#x.live(ctx, stackName);
    const r = this.#x.store.resource(stack, logicalId);
    if (!r) throw cfnErrors.validation(`Resource ${logicalId} does not exist for stack ${stackName}`);
    return { StackResourceDetail: { ...wireResource(stack, r), Metadata: undefined } };
  }

  async listResources(ctx: RequestContext, stackName: string) {
    await this.#x.authorize(ctx, this.#x.stackArnPattern(ctx, stackName));
    const stack = this.#x.find(ctx, stackName);
    if (!stack) throw cfnErrors.stackNotFound(stackName);
    return { StackResourceSummaries: this.#x.store.resources(stack).map(wireResourceSummary) };
  }

  async template(ctx: RequestContext, input: { stackName?: string; changeSetName?: string }) {
    await this.#x.authorize(
      ctx,
      input.stackName === undefined ? '*' : this.#x.stackArnPattern(ctx, input.stackName),
    );
    const stack = input.stackName === undefined ? undefined : this.#x.find(ctx, input.stackName);
    if (input.changeSetName !== undefined) {
      const changeSet = this.#x.store
        .changeSetsOf(this.#x.scope(ctx), stack?.stackId ?? '')
        .find((c) => c.changeSetId === input.changeSetName || c.changeSetName === input.changeSetName);
      if (!changeSet) throw cfnErrors.changeSetNotFound(input.changeSetName);
      return { TemplateBody: changeSet.templateBody, StagesAvailable: ['Original', 'Processed'] };
    }
    if (!stack || input.stackName === undefined) throw cfnErrors.stackNotFound(input.stackName ?? '');
    // Original is the submitted text, verbatim (CDK compares it, ref cloudformation-cdk §1.5); without transforms
    // Processed is the same template.
    return { TemplateBody: stack.templateBody ?? '', StagesAvailable: ['Original', 'Processed'] };
  }

  async summary(ctx: RequestContext, input: TemplateSource & { stackName?: string }) {
    await this.#x.authorize(ctx);
    if (input.stackName !== undefined) {
      const stack = this.#x.live(ctx, input.stackName);
      return wireSummary(checkTemplate(stack.templateBody ?? '').summary);
    }
    return wireSummary(checkTemplate(await this.#body(ctx, input)).summary);
  }

  async validate(ctx: RequestContext, input: TemplateSource) {
    await this.#x.authorize(ctx);
    return wireValidation(checkTemplate(await this.#body(ctx, input)).summary);
  }

  async terminationProtection(ctx: RequestContext, stackName: string, enabled: boolean) {
    await this.#x.authorize(ctx, this.#x.stackArnPattern(ctx, stackName));
    const stack = this.#x.live(ctx, stackName);
    this.#x.store.putStack({ ...stack, terminationProtection: enabled });
    return { StackId: stack.stackId };
  }

  async #body(ctx: RequestContext, input: TemplateSource): Promise<string> {
    if ((input.templateBody === undefined) === (input.templateUrl === undefined)) {
      throw cfnErrors.validation('Either Template URL or Template Body must be specified.');
    }
    if (input.templateBody !== undefined) return input.templateBody;
    const credentials = await this.#x.deps.ports.credentials({ caller: ctx.caller, account: ctx.accountId });
    if (!credentials) throw cfnErrors.templateUrl();
    return this.#x.deps.ports.fetchTemplate(input.templateUrl!, credentials, ctx.region);
  }

  #stackFor(ctx: RequestContext, stackName: string | undefined, physicalId: string | undefined): StackRecord {
    if (stackName !== undefined) {
      const stack = this.#x.find(ctx, stackName);
      if (!stack) throw cfnErrors.stackNotFound(stackName);
      return stack;
    }
    const scope = this.#x.scope(ctx);
    const found = this.#x.store
      .allStacks(scope)
      .find(
        (s) =>
          s.status !== 'DELETE_COMPLETE' &&
          this.#x.store.resources(s).some((r) => r.physicalId === physicalId),
      );
    if (!found) throw cfnErrors.stackNotFound(physicalId ?? '');
    return found;
  }
}

/** CloudFormation's stack-name rule: a letter, then letters, digits and hyphens, at most 128 characters. */
function checkStackName(name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name)) {
    throw cfnErrors.validation(
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
}
