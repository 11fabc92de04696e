export { ecsTasksPrincipal } from '../../engines/ecs/index.js';
export { type BuiltParts, buildParts, dependencyOrder, serviceRegistry } from './build-parts.js';
export { callerCredentials } from './caller-credentials.js';
export { callerIdentity } from './caller-identity.js';
export { CallerDirectory, type CallerSource, rootCaller } from './callers.js';
export { ec2Part } from './ec2-part.js';
export { type EcrPartSetup, ecrPart, ecrPort } from './ecr-part.js';
export { ecsExecutionRoles } from './ecs-execution-roles.js';
export {
  type EcsPartSetup,
  ecsPart,
  ecsPort,
  elbTargetsPort,
  type ManagedTaskAgent,
  networkRecordsPort,
} from './ecs-part.js';
export { iamStsPart, iamStsPort } from './iam-sts-part.js';
export { kmsPort, kmsSecretsPart } from './kms-secrets-part.js';
export {
  type AnyPart,
  lazyService,
  type Part,
  type PartContext,
  type PartDeps,
  type PartInstance,
  type PartOption,
  type PartOptions,
  type PortKey,
  type Provided,
  portKey,
  provide,
} from './part.js';
export { declarePartOptions, parsePartOptions, type RawOptions } from './part-options.js';
export { type RegistrySetup, registryPart } from './registry-part.js';
export { secretsKmsPort } from './secrets-kms-port.js';
export { servicePart } from './service-part.js';
export { ssmPart } from './ssm-part.js';
