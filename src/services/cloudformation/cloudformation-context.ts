import type { RequestContext, ServiceDeps } from '../../aws/index.js';
import type { DeployPorts } from './deploy-ports.js';
import type { StackRecord } from './domain/records.js';
import { cfnErrors } from './errors.js';
import type { DeployCredentials, ResourceProvisioner } from './resource-provisioner.js';
import { type DeployDeps, StackRun } from './stack-run.js';
import { CloudFormationStore, scopeOf } from './store.js';

export interface CloudFormationDeps extends ServiceDeps {
  /** The resource providers (adapters/cloudformation-resources), loaded by the part. */
  readonly provisioner: () => Promise<ResourceProvisioner>;
  readonly ports: DeployPorts;
}

/** Statuses in which a stack operation is running (REVIEW_IN_PROGRESS waits for a change set; nothing runs). */
export function isBusy(status: string): boolean {
  return status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}

/**
 * What the stack and change-set classes share: the store, authorization (`cloudformation:<Operation>` on the stack's
 * ARN, ref cloudformation-cdk §8.1), lookups with CloudFormation's not-found texts, and the background runner:
 * the API answers at once and the operation runs on, as on AWS; `idle()` waits for every running operation.
 */
export class CloudFormationContext {
  readonly deps: CloudFormationDeps;
  readonly store: CloudFormationStore;
  readonly #running = new Set<Promise<void>>();
  readonly #abort = new AbortController();

  constructor(deps: CloudFormationDeps) {
    this.deps = deps;
    this.store = new CloudFormationStore(deps.persistence);
  }

  async authorize(ctx: RequestContext, resource = '*'): Promise<void> {
    await this.deps.authorizer.authorize(ctx, { action: `cloudformation:${ctx.operation}`, resource });
  }

  now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** A stack by name (live stacks only) or by ARN (deleted ones too), as DescribeStacks finds them (§1.5). */
  find(ctx: RequestContext, nameOrId: string): StackRecord | undefined {
    const scope = { account: ctx.accountId, region: ctx.region };
    return nameOrId.startsWith('arn:')
      ? this.store.stackById(scope, nameOrId)
      : this.store.liveStackByName(scope, nameOrId);
  }

  /** A live stack, or CloudFormation's "Stack with id X does not exist". */
  live(ctx: RequestContext, nameOrId: string): StackRecord {
    const stack = this.find(ctx, nameOrId);
    if (!stack || stack.status === 'DELETE_COMPLETE') throw cfnErrors.stackNotFound(nameOrId);
    return stack;
  }

  stackArnPattern(ctx: RequestContext, name: string): string {
    const stack = this.find(ctx, name);
    if (stack) return stack.stackId;
    return `arn:${this.deps.partition}:cloudformation:${ctx.region}:${ctx.accountId}:stack/${name}/*`;
  }

  /** Starts a stack operation in the background; its failures end in the stack's status, never in the caller. */
  start(
    stack: StackRecord,
    credentials: DeployCredentials,
    token: string | undefined,
    operation: (run: StackRun) => Promise<void>,
  ): void {
    const task = (async () => {
      const deployDeps: DeployDeps = {
        store: this.store,
        clock: this.deps.clock,
        random: this.deps.random,
        partition: this.deps.partition,
        provisioner: await this.deps.provisioner(),
        ports: this.deps.ports,
      };
      const run = new StackRun(deployDeps, stack, credentials, this.#abort.signal, token);
      try {
        await operation(run);
      } catch (error) {
        // A bug or an unexpected failure: the stack must not stay in progress for ever.
        run.status(failedStatus(run.stack.status), `berth failed: ${(error as Error).message}`);
      }
    })();
    this.#running.add(task);
    void task.finally(() => this.#running.delete(task));
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /**
   * Operations a previous `berth up` left running cannot go on (their credentials and in-flight calls are gone):
   * each ends as CloudFormation ends an operation that timed out — the stack in its FAILED state, with the reason —
   * so that it can be deleted or updated again (documented in docs/architecture.md).
   */
  recover(): void {
    for (const stack of this.store.everyStack()) {
      if (!isBusy(stack.status)) continue;
      const failed = failedStatus(stack.status);
      const sequence = stack.eventCount + 1;
      const reason = 'berth stopped while this operation ran';
      const next = { ...stack, status: failed, statusReason: reason, eventCount: sequence };
      this.store.transaction(() => {
        this.store.putStack(next);
        this.store.addEvent(next, sequence, {
          EventId: `${stack.stackId}-recovered-${sequence}`,
          StackId: stack.stackId,
          StackName: stack.stackName,
          LogicalResourceId: stack.stackName,
          PhysicalResourceId: stack.stackId,
          ResourceType: 'AWS::CloudFormation::Stack',
          Timestamp: this.now(),
          ResourceStatus: failed,
          ResourceStatusReason: reason,
        });
      });
    }
  }

  close(): void {
    this.#abort.abort();
  }

  scope(ctx: RequestContext) {
    return scopeOf({ account: ctx.accountId, region: ctx.region });
  }
}

/** The FAILED status an interrupted operation ends in. */
function failedStatus(status: string): string {
  if (status.startsWith('CREATE')) return 'CREATE_FAILED';
  if (status.startsWith('ROLLBACK')) return 'ROLLBACK_FAILED';
  if (status.startsWith('DELETE')) return 'DELETE_FAILED';
  if (status === 'UPDATE_IN_PROGRESS' || status === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')
    return 'UPDATE_FAILED';
  return 'UPDATE_ROLLBACK_FAILED';
}
