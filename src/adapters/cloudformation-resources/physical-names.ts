import { randomInt } from 'node:crypto';
import { isReservedTagKey } from '../../engines/aws-tags/index.js';
import type { ProvisionContext } from '../../services/cloudformation/resource-provisioner.js';

// Names CloudFormation makes for resources whose template gives none, and the tags it puts on taggable ones.

const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * `<StackName>-<LogicalId>-<RANDOM>` as CloudFormation generates physical names (e.g.
 * `MyStack-MyECSCluster-NT5EUXTNTXXD`, ref cloudformation-cdk §5.2), cut to the service's `limit`: the stack and
 * logical parts share what the 12-character suffix leaves; the suffix length on AWS is [UNCONFIRMED].
 */
export function generatedName(context: ProvisionContext, limit: number): string {
  let suffix = '';
  for (let i = 0; i < 12; i++) suffix += suffixAlphabet[randomInt(suffixAlphabet.length)];
  const room = limit - suffix.length - 2;
  const { stackName, logicalId } = context;
  if (stackName.length + logicalId.length <= room) return `${stackName}-${logicalId}-${suffix}`;
  const stackPart = Math.min(stackName.length, Math.max(Math.floor(room / 2), room - logicalId.length));
  return `${stackName.slice(0, stackPart)}-${logicalId.slice(0, room - stackPart)}-${suffix}`;
}

/** The template's name if set, else a generated one. */
export function nameOrGenerated(given: unknown, context: ProvisionContext, limit: number): string {
  return typeof given === 'string' && given !== '' ? given : generatedName(context, limit);
}

export interface KeyValue {
  readonly Key: string;
  readonly Value: string;
}

/**
 * The stack's tags then the resource's own (which win), as CloudFormation propagates them. Keys under the reserved
 * `aws:` prefix (aws:cloudformation:*) are left out: on AWS only CloudFormation itself may set them, and berth's
 * services refuse them from any client, as AWS does.
 */
export function resourceTags(resourceTags: unknown, context: ProvisionContext): KeyValue[] {
  const merged = new Map<string, string>();
  for (const [key, value] of Object.entries(context.stackTags)) merged.set(key, value);
  if (Array.isArray(resourceTags))
    for (const tag of resourceTags as { Key?: unknown; Value?: unknown }[])
      if (typeof tag?.Key === 'string') merged.set(tag.Key, String(tag.Value ?? ''));
  return [...merged].filter(([key]) => !isReservedTagKey(key)).map(([Key, Value]) => ({ Key, Value }));
}

/** An update's tag changes through the service's own calls: the keys no longer wanted removed, the rest (re)set. */
export async function retag(
  tags: unknown,
  previousTags: unknown,
  context: ProvisionContext,
  calls: { remove(keys: string[]): Promise<unknown>; set(tags: KeyValue[]): Promise<unknown> },
): Promise<void> {
  const set = resourceTags(tags, context);
  const removed = resourceTags(previousTags, context)
    .map((t) => t.Key)
    .filter((key) => !set.some((t) => t.Key === key));
  if (removed.length > 0) await calls.remove(removed);
  if (set.length > 0) await calls.set(set);
}
