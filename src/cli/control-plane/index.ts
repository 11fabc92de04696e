export { ecsTasksPrincipal } from '../../engines/ecs/index.js';
export { awsControlPlane } from './aws-control-plane.js';
export { callerCredentials } from './caller-credentials.js';
export { callerIdentity } from './caller-identity.js';
export { ecsExecutionRoles } from './ecs-execution-roles.js';
export { type RegistryPartOptions, registryPart } from './registry-part.js';
export { secretsKmsPort } from './secrets-kms-port.js';
