import { isReservedTagKey } from '../../engines/aws-tags/index.js';
import type { ProvisionContext } from '../../services/cloudformation/resource-provisioner.js';
import type { ProviderCall } from './provider.js';

// The names of resources whose template gives none, and the tags CloudFormation puts on taggable ones.

/** The template's name if set, else the one CloudFormation generates, at most `limit` characters. */
export function nameOrGenerated(given: unknown, call: ProviderCall, limit: number): string {
  return typeof given === 'string' && given !== '' ? given : call.generatedName(limit);
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
