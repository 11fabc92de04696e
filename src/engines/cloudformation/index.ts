// engines/cloudformation: reading and statically resolving CloudFormation templates (pure; used by the doctor and,
// later, the CloudFormation service).

export { type PhysicalValues, placeholderSecretSuffix, type StackScope } from './physical-ids.js';
export {
  type CloudFormationTemplate,
  loadTemplate,
  resolveTemplate,
  type TemplateOptions,
  type TemplateResource,
} from './template.js';
export { pointerSegment, type TextPosition } from './template-error.js';
export { readTemplateText, type TemplateText, templateLimits } from './template-text.js';
export {
  firstUnknown,
  isRecord,
  isUnknown,
  stringOrUnknown,
  type TemplateValue,
  Unknown,
} from './template-value.js';
