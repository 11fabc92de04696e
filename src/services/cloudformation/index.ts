// CloudFormation: stacks, change sets and their deployments (ref cloudformation-cdk §4).
export { unsupportedType } from './apply-template.js';
export type { CloudFormationDeps } from './cloudformation-context.js';
export { cloudformationRouting } from './cloudformation-routing.js';
export { type CloudFormationService, createCloudFormationService } from './cloudformation-service.js';
export type { DeployPorts } from './deploy-ports.js';
export { cfnErrors } from './errors.js';
export {
  type DeployCredentials,
  type ProvisionContext,
  ProvisionError,
  type ProvisionedResource,
  type ResourceProvisioner,
  type UpdateBehaviour,
} from './resource-provisioner.js';
export { cloudformationCollections } from './store.js';
