import {
  changedProperties,
  type DeclaredResource,
  dependencyGraph,
  type EvaluatedOutput,
  StackEvaluation,
  unresolvedReason,
} from '../../engines/cloudformation/index.js';
import { isBerthError } from '../../errors/index.js';
import { runInOrder } from './domain/ordered-run.js';
import type { ResourceRecord } from './domain/records.js';
import { ProvisionError } from './resource-provisioner.js';
import { type DeployPlan, isLive, type StackRun } from './stack-run.js';

/** What an operation did to one resource, so that a rollback can undo it (newest last). */
export type JournalEntry =
  | { readonly kind: 'created'; readonly logicalId: string }
  | { readonly kind: 'updated' | 'replaced'; readonly logicalId: string; readonly before: ResourceRecord };

export interface Applied {
  readonly failed: readonly string[];
  /** The stack-level reason when the template itself could not be evaluated. */
  readonly error?: string;
  readonly outputs?: readonly EvaluatedOutput[];
  /** The resources the plan declares (their Conditions hold). */
  readonly declared: readonly DeclaredResource[];
}

const replacing = 'Requested update requires the creation of a new physical resource; hence creating one.';

/** CloudFormation's text for a type berth has no provider for: loud, never a silent success (issue 17). */
export function unsupportedType(type: string): string {
  return `berth does not support resource type ${type}`;
}

/**
 * Brings the stack's resources to a plan, in dependency order and in parallel where independent: a resource the
 * stack lacks is created; one whose type or properties differ is updated in place or replaced as the provisioner's
 * update behaviour says (the old physical resource goes to `retired`, deleted in cleanup); the rest is left alone.
 * Each step is written to `journal` for a rollback. Stops starting work at the first failure.
 */
export async function applyPlan(
  run: StackRun,
  plan: DeployPlan,
  journal: JournalEntry[],
  retired: ResourceRecord[],
): Promise<Applied> {
  let evaluation: StackEvaluation;
  let declared: DeclaredResource[];
  let graph: ReturnType<typeof dependencyGraph>;
  try {
    const { text, facts } = await run.facts(plan);
    const { stackName, account, region } = run.stack;
    graph = dependencyGraph(text.root);
    evaluation = new StackEvaluation(
      text.root,
      { accountId: account, region, partition: run.deps.partition, stackName },
      { ...plan.parameters, ...plan.resolvedSsm },
      facts,
    );
    declared = evaluation.resources();
  } catch (error) {
    return { failed: [], declared: [], error: messageOf(error) };
  }
  const byId = new Map(declared.map((d) => [d.logicalId, d]));
  const { failed } = await runInOrder(
    declared.map((d) => d.logicalId),
    (id) => graph.dependenciesOf(id),
    (id) => applyOne(run, evaluation, byId.get(id)!, journal, retired),
  );
  if (failed.length > 0) return { failed, declared };
  try {
    const outputs = evaluation.outputs();
    const unknown = outputs.map((o) => unresolvedReason(o.value)).find((r) => r !== undefined);
    return unknown === undefined ? { failed, outputs, declared } : { failed, declared, error: unknown };
  } catch (error) {
    return { failed, declared, error: messageOf(error) };
  }
}

async function applyOne(
  run: StackRun,
  evaluation: StackEvaluation,
  d: DeclaredResource,
  journal: JournalEntry[],
  retired: ResourceRecord[],
): Promise<boolean> {
  const { provisioner } = run.deps;
  const existing = run.resource(d.logicalId);
  const live = existing !== undefined && isLive(existing) ? existing : undefined;
  const base: ResourceRecord = {
    stackId: run.stack.stackId,
    logicalId: d.logicalId,
    type: d.type,
    status: '',
    timestamp: run.now(),
    properties: {},
    attributes: {},
    deletionPolicy: d.deletionPolicy,
    updateReplacePolicy: d.updateReplacePolicy,
  };
  const action = live ? 'UPDATE' : 'CREATE';
  const fail = (record: ResourceRecord, reason: string) => {
    run.record(record, `${action}_FAILED`, reason);
    return false;
  };
  const properties = evaluation.properties(d.logicalId);
  const unresolved = unresolvedReason(properties);
  if (!live) {
    const pending = run.record(base, 'CREATE_IN_PROGRESS');
    if (!provisioner.supports(d.type)) return fail(pending, unsupportedType(d.type));
    if (unresolved !== undefined) return fail(pending, unresolved);
    run.record(pending, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
    try {
      const made = await provisioner.create(d.type, properties, run.context(d.logicalId));
      run.record({ ...pending, ...made, properties }, 'CREATE_COMPLETE');
      journal.push({ kind: 'created', logicalId: d.logicalId });
      return true;
    } catch (error) {
      return fail(pending, messageOf(error));
    }
  }
  const sameType = live.type === d.type;
  const { changed } = changedProperties(live.properties, properties);
  if (sameType && changed.length === 0) {
    // Policies are template attributes, not properties: a change to them needs no provider call.
    if (live.deletionPolicy !== d.deletionPolicy || live.updateReplacePolicy !== d.updateReplacePolicy) {
      run.deps.store.putResource(run.stack, {
        ...live,
        deletionPolicy: d.deletionPolicy,
        updateReplacePolicy: d.updateReplacePolicy,
      });
    }
    return true;
  }
  const current = run.record(
    { ...live, deletionPolicy: d.deletionPolicy, updateReplacePolicy: d.updateReplacePolicy },
    'UPDATE_IN_PROGRESS',
  );
  if (!provisioner.supports(d.type)) return fail(current, unsupportedType(d.type));
  if (unresolved !== undefined) return fail(current, unresolved);
  const replace = !sameType || provisioner.updateBehaviour(d.type, changed) === 'replacement';
  try {
    if (replace) {
      run.record(current, 'UPDATE_IN_PROGRESS', replacing);
      const made = await provisioner.create(d.type, properties, run.context(d.logicalId));
      retired.push({ ...live, updateReplacePolicy: d.updateReplacePolicy });
      run.record({ ...current, ...made, type: d.type, properties }, 'UPDATE_COMPLETE');
      journal.push({ kind: 'replaced', logicalId: d.logicalId, before: live });
    } else {
      const made = await provisioner.update(
        d.type,
        live.physicalId!,
        properties,
        live.properties,
        run.context(d.logicalId),
      );
      run.record({ ...current, ...made, properties }, 'UPDATE_COMPLETE');
      journal.push({ kind: 'updated', logicalId: d.logicalId, before: live });
    }
    return true;
  } catch (error) {
    return fail(current, messageOf(error));
  }
}

/** A failure's text for ResourceStatusReason: a provider's reason, an engine's CloudFormation text, else the message. */
export function messageOf(error: unknown): string {
  if (error instanceof ProvisionError) return error.reason;
  if (isBerthError(error) || error instanceof Error) return error.message;
  return String(error);
}
