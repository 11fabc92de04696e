/**
 * ECS's modelled errors (AmazonEC2ContainerServiceV20141113: ClientException, InvalidParameterException,
 * ClusterNotFoundException, ClusterContainsTasksException, ResourceNotFoundException, ResourceInUseException,
 * ServerException, and for services ServiceNotFoundException, ServiceNotActiveException, UnsupportedFeatureException),
 * all with the lower-case `message` member ECS's JSON errors use. Texts live in engines/ecs/ecs-messages.ts with their sources.
 */
import { ServiceError } from '../../aws/index.js';
import { ecsMessages as m, serviceErrorTexts as s } from '../../engines/ecs/index.js';

export const ecsErrors = {
  /** "These errors are usually caused by a client action": the validation family (API_RegisterTaskDefinition). */
  client: (message: string) => new ServiceError('ClientException', message),
  invalidParameter: (message: string) => new ServiceError('InvalidParameterException', message),
  clusterNotFound: () => new ServiceError('ClusterNotFoundException', m.clusterNotFound),
  clusterContainsTasks: () => new ServiceError('ClusterContainsTasksException', m.clusterContainsTasks),
  resourceNotFound: () => new ServiceError('ResourceNotFoundException', m.resourceNotFound),
  resourceInUse: () => new ServiceError('ResourceInUseException', m.resourceInUse),
  serviceNotFound: () => new ServiceError('ServiceNotFoundException', s.serviceNotFound),
  serviceNotActive: () => new ServiceError('ServiceNotActiveException', s.serviceNotActive),
  unsupportedFeature: (message: string) => new ServiceError('UnsupportedFeatureException', message),
};
