export { tagConditionKeys } from './condition-keys.js';
export {
  type AwsTag,
  awsTagLimits,
  isReservedTagKey,
  normalizeTags,
  type TagCasing,
  tagCasings,
  tagsFromRecord,
} from './tag-list.js';
