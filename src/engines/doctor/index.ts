// engines/doctor: the private-registry chain model and the C<n> rules that check it (pure), deciding permissions
// with engines/iam.

export type { AccessCheck } from './chain-access.js';
export type {
  ChainModel,
  ContainerNode,
  KeyNode,
  Maybe,
  NetworkPath,
  PolicyDocument,
  RegistryLogin,
  RoleNode,
  SecretNode,
  SecretValueShape,
  SourceLocation,
  SubnetNode,
  TaskDefinitionNode,
} from './chain-model.js';
export { diagnose, type Finding } from './diagnose.js';
export { imageHost } from './image-host.js';
export { defaultKeyPolicy } from './policies.js';
export type { DoctorRule, RuleCode, Severity } from './rule.js';
export { doctorRules } from './rules.js';
