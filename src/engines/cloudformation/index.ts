// engines/cloudformation: reading, checking and resolving CloudFormation templates (pure): statically for the
// doctor, and at deploy time (DeployFacts) for the CloudFormation service, with its dependency graph and update diff.

export { type DependencyGraph, dependencyGraph, referencesIn } from './dependency-graph.js';
export { type DeployFacts, dynamicReferencesIn, parseDynamicReference } from './deploy-facts.js';
export { isSsmValueType } from './parameter-types.js';
export {
  chooseParameterValues,
  type ParameterDeclaration,
  type ParameterInput,
  parameterDeclarations,
  resolveSsmParameters,
} from './parameters.js';
export { type PhysicalValues, placeholderSecretSuffix, type StackScope } from './physical-ids.js';
export {
  type DeclaredResource,
  type EvaluatedOutput,
  StackEvaluation,
  unresolvedReason,
} from './stack-evaluation.js';
export {
  type CloudFormationTemplate,
  loadTemplate,
  resolveTemplate,
  type TemplateOptions,
  type TemplateResource,
} from './template.js';
export {
  type Capability,
  type CheckedTemplate,
  checkTemplate,
  missingCapabilities,
  type TemplateSummary,
} from './template-check.js';
export {
  changedProperties,
  diffResources,
  type Replacement,
  type ResourceChange,
  type ResourceState,
  type UpdateBehaviourOf,
} from './template-diff.js';
export { pointerSegment, type TextPosition } from './template-error.js';
export { rejected } from './template-rejection.js';
export { readTemplateText, type TemplateText, templateLimits } from './template-text.js';
export {
  firstUnknown,
  isRecord,
  isUnknown,
  stringOrUnknown,
  type TemplateValue,
  Unknown,
} from './template-value.js';
