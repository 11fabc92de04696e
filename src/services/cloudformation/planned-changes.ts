import {
  type DeployFacts,
  diffResources,
  type ResourceState,
  StackEvaluation,
} from '../../engines/cloudformation/index.js';
import type { CloudFormationContext } from './cloudformation-context.js';
import type { StackRecord } from './domain/records.js';
import type { Prepared } from './prepare.js';
import type { ResourceProvisioner } from './resource-provisioner.js';
import { isLive, StackRun } from './stack-run.js';

/**
 * The resources a prepared plan wants, evaluated against the stack's live resources, for the update diff (change
 * sets, UpdateStack's "No updates are to be performed."). A value that refers to a resource the plan replaces or adds
 * is left Unknown — CloudFormation cannot know it before the new resource exists — so its dependents show as changed
 * (a second pass, once the first has said which resources are replaced).
 */
export async function plannedChanges(
  x: CloudFormationContext,
  stack: StackRecord,
  prepared: Prepared,
  provisioner: ResourceProvisioner,
): Promise<ResourceState[]> {
  const run = new StackRun(
    { ...x.deps, store: x.store, provisioner },
    stack,
    prepared.credentials,
    new AbortController().signal,
  );
  const { text, facts } = await run.facts(prepared.plan);
  const evaluate = (hidden: ReadonlySet<string>) => {
    const seen: DeployFacts = {
      ...facts,
      resource: (id) => (hidden.has(id) ? undefined : facts.resource(id)),
    };
    const evaluation = new StackEvaluation(
      text.root,
      {
        accountId: stack.account,
        region: stack.region,
        partition: x.deps.partition,
        stackName: stack.stackName,
      },
      { ...prepared.plan.parameters, ...prepared.plan.resolvedSsm },
      seen,
    );
    return evaluation.resources().map((d) => ({
      logicalId: d.logicalId,
      type: d.type,
      properties: evaluation.properties(d.logicalId),
    }));
  };
  const deployed = x.store.resources(stack).filter(isLive);
  const first = evaluate(new Set());
  const renewed = diffResources(deployed, first, (type, changed) =>
    provisioner.updateBehaviour(type, changed),
  )
    .filter((c) => c.action === 'Add' || c.replacement === 'True')
    .map((c) => c.logicalId);
  return renewed.length === 0 ? first : evaluate(new Set(renewed));
}
