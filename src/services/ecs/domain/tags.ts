/**
 * ECS resource tags ([DOC] API_Tag, "Tagging your Amazon ECS resources"): at most 50 per resource, keys 1–128 and
 * values 0–256 characters, and the `aws:` prefix (any case) reserved. Adding a tag whose key exists replaces it.
 */
import { awsTagLimits, isReservedTagKey } from '../../../engines/aws-tags/index.js';
import { ecsMessages } from '../../../engines/ecs/index.js';
import { ecsErrors } from '../errors.js';
import type { Tag } from './documents.js';

const { maxTags, keyMin, keyMax, valueMax } = awsTagLimits;

/** Refuses tags ECS refuses (InvalidParameterException); returns them unchanged otherwise. */
export function checkTags(tags: readonly Tag[]): readonly Tag[] {
  for (const tag of tags) {
    if (isReservedTagKey(tag.key)) throw ecsErrors.invalidParameter(ecsMessages.reservedTagKey);
    if (tag.key.length < keyMin || tag.key.length > keyMax || tag.value.length > valueMax)
      throw ecsErrors.invalidParameter(
        `Invalid tag: key must be 1–128 and value 0–256 characters (key '${tag.key}').`,
      );
  }
  if (tags.length > maxTags) throw ecsErrors.invalidParameter(`A resource can have at most ${maxTags} tags.`);
  return tags;
}

/** `existing` with `added` put in (same key replaced), checked against the limits. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): readonly Tag[] {
  const merged = new Map(existing.map((tag) => [tag.key, tag.value]));
  for (const tag of added) merged.set(tag.key, tag.value);
  return checkTags([...merged].map(([key, value]) => ({ key, value })));
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): readonly Tag[] {
  return existing.filter((tag) => !keys.includes(tag.key));
}
