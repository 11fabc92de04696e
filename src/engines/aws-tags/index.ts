export { tagConditionKeys } from './condition-keys.js';
export {
  type AwsTag,
  awsTagLimits,
  isReservedTagKey,
  normalizeTags,
  type TagCasing,
  tagCasings,
  tagsFromRecord,
  type WireTag,
} from './tag-list.js';
