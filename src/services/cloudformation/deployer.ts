import {
  dependencyGraph,
  type EvaluatedOutput,
  readTemplateText,
} from '../../engines/cloudformation/index.js';
import { type Applied, applyPlan, type JournalEntry, messageOf } from './apply-template.js';
import { runInOrder } from './domain/ordered-run.js';
import type { OutputRecord, ResourceRecord } from './domain/records.js';
import { type DeployPlan, isLive, type StackRun } from './stack-run.js';
import { scopeOf } from './store.js';

const list = (ids: readonly string[]) => `[${ids.join(', ')}]`;

/**
 * The stack operations with CloudFormation's status machine and texts (ref cloudformation-cdk §4.4): create (rolled
 * back on failure unless DisableRollback), update (cleanup after success; on failure the journal is undone and what
 * the update made is deleted), delete (reverse dependency order, DeletionPolicy Retain skipped).
 */
export async function createStack(run: StackRun, plan: DeployPlan): Promise<void> {
  run.status('CREATE_IN_PROGRESS', 'User Initiated');
  const journal: JournalEntry[] = [];
  const applied = await applyPlan(run, plan, journal, []);
  if (succeeded(run, applied)) {
    run.update({ outputs: outputRecords(applied.outputs!), imports: [...run.imported] });
    run.status('CREATE_COMPLETE');
    return;
  }
  const reason = failureReason(applied, 'create');
  if (run.stack.disableRollback) {
    run.status('CREATE_FAILED', reason);
    return;
  }
  run.status('ROLLBACK_IN_PROGRESS', `${reason} Rollback requested by user.`);
  const left = await deleteResources(run, plan.templateBody, run.resources(), false, true);
  if (left.length > 0)
    run.status('ROLLBACK_FAILED', `The following resource(s) failed to delete: ${list(left)}. `);
  else run.status('ROLLBACK_COMPLETE');
}

export async function updateStack(run: StackRun, plan: DeployPlan, previous: DeployPlan): Promise<void> {
  run.status('UPDATE_IN_PROGRESS', 'User Initiated');
  const journal: JournalEntry[] = [];
  const retired: ResourceRecord[] = [];
  const applied = await applyPlan(run, plan, journal, retired);
  if (succeeded(run, applied)) {
    run.update({
      templateBody: plan.templateBody,
      parameters: plan.parameters,
      resolvedSsm: plan.resolvedSsm,
      outputs: outputRecords(applied.outputs!),
      imports: [...run.imported],
      lastUpdatedTime: run.now(),
    });
    run.status('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    const kept = new Set(applied.declared.map((d) => d.logicalId));
    const removed = run.resources().filter((r) => !kept.has(r.logicalId));
    await deleteRetired(run, retired, 'updateReplacePolicy');
    await deleteResources(run, previous.templateBody, removed, true);
    run.status('UPDATE_COMPLETE');
    return;
  }
  // [INF] the update-failure text follows the observed create-failure text (ref cloudformation-cdk §4.4).
  run.status('UPDATE_ROLLBACK_IN_PROGRESS', failureReason(applied, 'update'));
  const undone = await undo(run, journal, retired);
  run.status('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  await deleteRetired(run, retired, 'none');
  run.update({ lastUpdatedTime: run.now() });
  run.status(undone ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED');
}

export async function deleteStack(run: StackRun): Promise<void> {
  run.status('DELETE_IN_PROGRESS', 'User Initiated');
  const inUse = exportInUse(run, new Set());
  if (inUse) {
    run.status('DELETE_FAILED', inUse);
    return;
  }
  const left = await deleteResources(run, run.stack.templateBody, run.resources(), false);
  if (left.length > 0) {
    run.status('DELETE_FAILED', `The following resource(s) failed to delete: ${list(left)}. `);
    return;
  }
  const scope = scopeOf(run.stack);
  for (const output of run.stack.outputs) {
    if (output.ExportName !== undefined) run.deps.store.deleteExport(scope, output.ExportName);
  }
  run.update({ deletionTime: run.now() });
  run.status('DELETE_COMPLETE');
}

function succeeded(run: StackRun, applied: Applied): boolean {
  if (applied.failed.length > 0 || applied.error !== undefined || !applied.outputs) return false;
  // Export names are unique per account and region (ref cloudformation-cdk §4.2 ListExports).
  const scope = scopeOf(run.stack);
  const taken = new Map(run.deps.store.exports(scope).map((e) => [e.name, e.stackId]));
  for (const output of applied.outputs) {
    const name = output.exportName;
    if (typeof name !== 'string') continue;
    const owner = taken.get(name);
    if (owner !== undefined && owner !== run.stack.stackId) {
      Object.assign(applied, { error: `Export with name ${name} is already exported by stack ${owner}` });
      return false;
    }
  }
  const kept = new Set(
    applied.outputs.flatMap((o) => (typeof o.exportName === 'string' ? [o.exportName] : [])),
  );
  const inUse = exportInUse(run, kept);
  if (inUse) {
    Object.assign(applied, { error: inUse });
    return false;
  }
  for (const old of run.stack.outputs) {
    if (old.ExportName !== undefined) run.deps.store.deleteExport(scope, old.ExportName);
  }
  for (const output of applied.outputs) {
    if (typeof output.exportName === 'string') {
      run.deps.store.putExport(scope, {
        name: output.exportName,
        value: String(output.value),
        stackId: run.stack.stackId,
      });
    }
  }
  return true;
}

/**
 * An export of this stack that another live stack imports and the operation would remove: CloudFormation refuses
 * ("Export X cannot be deleted as it is in use by Y" [INF] wording after AWS's user-reported text).
 */
function exportInUse(run: StackRun, kept: ReadonlySet<string>): string | undefined {
  const importers = run.deps.store
    .allStacks(scopeOf(run.stack))
    .filter((s) => s.stackId !== run.stack.stackId && s.status !== 'DELETE_COMPLETE');
  for (const output of run.stack.outputs) {
    const name = output.ExportName;
    if (name === undefined || kept.has(name)) continue;
    const user = importers.find((s) => s.imports?.includes(name));
    if (user) return `Export ${name} cannot be deleted as it is in use by ${user.stackName}`;
  }
  return undefined;
}

function failureReason(applied: Applied, verb: 'create' | 'update'): string {
  if (applied.failed.length > 0)
    return `The following resource(s) failed to ${verb}: ${list(applied.failed)}.`;
  return applied.error ?? 'Stack operation failed';
}

function outputRecords(outputs: readonly EvaluatedOutput[]): OutputRecord[] {
  return outputs.map((o) => ({
    OutputKey: o.key,
    OutputValue: Array.isArray(o.value) ? o.value.join(',') : String(o.value),
    ...(o.description === undefined ? {} : { Description: o.description }),
    ...(typeof o.exportName === 'string' ? { ExportName: o.exportName } : {}),
  }));
}

/** Undoes an update, newest step first: updates reverted, replacements swapped back, creations retired. */
async function undo(
  run: StackRun,
  journal: readonly JournalEntry[],
  retired: ResourceRecord[],
): Promise<boolean> {
  let ok = true;
  for (const entry of [...journal].reverse()) {
    const current = run.resource(entry.logicalId);
    if (!current) continue;
    if (entry.kind === 'created') {
      retired.push(current);
      run.forget(entry.logicalId);
      continue;
    }
    const rolling = run.record(current, 'UPDATE_IN_PROGRESS');
    try {
      if (entry.kind === 'updated') {
        const { provisioner } = run.deps;
        const made = await provisioner.update(
          current.type,
          current.physicalId!,
          entry.before.properties,
          current.properties,
          run.context(entry.logicalId),
        );
        run.record({ ...entry.before, ...made }, 'UPDATE_COMPLETE');
      } else {
        // The new physical resource is the one to delete; the old one is the stack's again.
        const index = retired.findIndex((r) => r.physicalId === entry.before.physicalId);
        if (index >= 0) retired.splice(index, 1);
        retired.push(current);
        run.record(entry.before, 'UPDATE_COMPLETE');
      }
    } catch (error) {
      run.record(rolling, 'UPDATE_FAILED', messageOf(error));
      ok = false;
    }
  }
  return ok;
}

/** Deletes physical resources a stack no longer has (replaced or rolled back), unless their policy retains them. */
async function deleteRetired(
  run: StackRun,
  retired: readonly ResourceRecord[],
  policy: 'updateReplacePolicy' | 'none',
): Promise<void> {
  for (const resource of [...retired].reverse()) {
    if (policy !== 'none' && resource[policy] === 'Retain') {
      run.event(resource, 'DELETE_SKIPPED');
      continue;
    }
    run.event(resource, 'DELETE_IN_PROGRESS');
    try {
      await run.deps.provisioner.delete(
        resource.type,
        resource.physicalId!,
        resource.properties,
        run.context(resource.logicalId),
      );
      run.event(resource, 'DELETE_COMPLETE');
    } catch (error) {
      // CloudFormation leaves a physical resource it could not clean up and carries on (the stack is not failed).
      run.event(resource, 'DELETE_FAILED', messageOf(error));
    }
  }
}

/**
 * Deletes resources in reverse dependency order (a resource after everything that refers to it), in parallel where
 * independent; DeletionPolicy Retain → DELETE_SKIPPED. `forget` drops the records (a resource removed by an update
 * leaves the stack). Returns the resources that failed to delete.
 */
async function deleteResources(
  run: StackRun,
  templateBody: string | undefined,
  resources: readonly ResourceRecord[],
  forget: boolean,
  createRollback = false,
): Promise<string[]> {
  const graph = templateBody === undefined ? undefined : safeGraph(templateBody);
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const { failed } = await runInOrder(
    resources.map((r) => r.logicalId),
    (id) => graph?.dependentsOf(id) ?? [],
    async (id) => {
      const resource = byId.get(id)!;
      if (!isLive(resource)) {
        if (resource.status !== 'DELETE_COMPLETE' && resource.status !== 'DELETE_SKIPPED') {
          run.record(resource, 'DELETE_COMPLETE');
        }
      } else if (
        resource.deletionPolicy === 'Retain' ||
        // RetainExceptOnCreate keeps the resource, unless the create that made it is rolled back (cfn-doc
        // aws-attribute-deletionpolicy.md; ref cloudformation-cdk §4.4).
        (resource.deletionPolicy === 'RetainExceptOnCreate' && !createRollback)
      ) {
        run.record(resource, 'DELETE_SKIPPED');
      } else {
        const deleting = run.record(resource, 'DELETE_IN_PROGRESS');
        try {
          await run.deps.provisioner.delete(
            resource.type,
            resource.physicalId!,
            resource.properties,
            run.context(id),
          );
          run.record(deleting, 'DELETE_COMPLETE');
        } catch (error) {
          run.record(deleting, 'DELETE_FAILED', messageOf(error));
          return false;
        }
      }
      if (forget) run.forget(id);
      return true;
    },
  );
  return [...failed];
}

function safeGraph(templateBody: string) {
  try {
    return dependencyGraph(readTemplateText(templateBody).root);
  } catch {
    return undefined;
  }
}
