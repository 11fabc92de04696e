import { ServiceError, translateCodes } from '../../aws/index.js';

const client = (code: string, message: string) => new ServiceError(code, message, { status: 400 });

/**
 * ELBv2's errors: the awsQueryError codes (not the shape names) and the texts of ref ecs-services-elb-logs §4.6.
 * Texts marked [INF] were not observed; the wording follows the observed texts of the same family.
 */
export const elbv2Errors = {
  loadBalancerNotFound: () => client('LoadBalancerNotFound', 'One or more load balancers not found'),
  targetGroupNotFound: () => client('TargetGroupNotFound', 'One or more target groups not found'),
  // moto's text; AWS's is not observed (ref ecs-services-elb-logs §8 U6).
  listenerNotFound: () => client('ListenerNotFound', 'The specified listener does not exist.'),
  // [INF] after the load balancer and target group texts.
  ruleNotFound: () => client('RuleNotFound', 'One or more rules not found'),
  duplicateLoadBalancer: (name: string) =>
    client(
      'DuplicateLoadBalancerName',
      `A load balancer with the same name '${name}' exists, but with different settings`,
    ),
  duplicateTargetGroup: (name: string) =>
    client(
      'DuplicateTargetGroupName',
      `A target group with the same name '${name}' exists, but with different settings`,
    ),
  // moto's text (ref ecs-services-elb-logs §8 U6).
  duplicateListener: () => client('DuplicateListener', 'A listener with the specified port already exists.'),
  priorityInUse: () => client('PriorityInUse', 'The specified priority is in use.'),
  targetGroupInUse: (arn: string) =>
    client('ResourceInUse', `Target group '${arn}' is currently in use by a listener or a rule`),
  // [INF] the code is the model's for a protocol the load balancer type does not take.
  incompatibleProtocols: (protocol: string) =>
    client(
      'IncompatibleProtocols',
      `The protocol '${protocol}' is not supported by an application load balancer`,
    ),
  invalidTarget: (message: string) => client('InvalidTarget', message),
  invalidConfiguration: (message: string) => client('InvalidConfigurationRequest', message),
  operationNotPermitted: (message: string) => client('OperationNotPermitted', message),
  validation: (message: string) => client('ValidationError', message),
  invalidMarker: () => client('ValidationError', 'Invalid Marker'),
  // [INF] ELB's TooManyTags text for load balancers, used for every resource.
  tooManyTags: () =>
    client(
      'TooManyTags',
      'The quota for the number of tags that can be assigned to a load balancer has been reached',
    ),
} as const;

/** `value`, or the error `missing` makes when there is none. */
export function found<T>(value: T | undefined, missing: () => ServiceError): T {
  if (value === undefined) throw missing();
  return value;
}

/**
 * The shared engines' errors as ELBv2 names them (its ServiceDefinition.translateError): a listener port the host
 * refuses (berth's own case, no AWS counterpart) is ELB's generic InvalidConfigurationRequest with the reason.
 */
export const elbv2EngineErrors = translateCodes({
  BERTH_PORT_IN_USE: (message: string) => client('InvalidConfigurationRequest', message),
});
