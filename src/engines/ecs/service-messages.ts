/**
 * What ECS services say: service events (ref ecs-services-elb-logs §2.4, numbered E1… as there, verbatim), rollout
 * reasons (§1.4), scheduler stop reasons (§1.6) and API error texts (§1.7). Events begin `(service NAME)`.
 */
const tasksList = (ids: readonly string[]) => ids.map((id) => `(task ${id})`).join(' ');

export const serviceEvents = {
  /** E1. */
  started: (s: string, ids: readonly string[]) =>
    `(service ${s}) has started ${ids.length} tasks: ${tasksList(ids)}.`,
  /** E3: no final period. */
  registeredTargets: (s: string, n: number, tg: string) =>
    `(service ${s}) registered ${n} targets in (target-group ${tg})`,
  /** E5: no final period. */
  deregisteredTargets: (s: string, n: number, tg: string) =>
    `(service ${s}) deregistered ${n} targets in (target-group ${tg})`,
  /** E6, the taskSet form §2.4 prefers for rolling deployments. */
  drainingConnections: (s: string, deploymentId: string, n: number) =>
    `(service ${s}, taskSet ${deploymentId}) has begun draining connections on ${n} tasks.`,
  /** E13, the Fargate/awsvpc form. */
  unhealthyTarget: (s: string, taskId: string, port: number, tg: string, reason: string) =>
    `(service ${s}) (task ${taskId}) (port ${port}) is unhealthy in (target-group ${tg}) due to (reason ${reason}).`,
  /** E4. */
  stoppedRunning: (s: string, ids: readonly string[]) =>
    `(service ${s}) has stopped ${ids.length} running tasks: ${tasksList(ids)}.`,
  /** E7. */
  deploymentCompleted: (s: string, id: string) => `(service ${s}) (deployment ${id}) deployment completed.`,
  /** E8. */
  steadyState: (s: string) => `(service ${s}) has reached a steady state.`,
  /** E9. */
  deploymentFailed: (s: string, id: string) =>
    `(service ${s}) (deployment ${id}) deployment failed: tasks failed to start.`,
  /** E10. */
  rollingBack: (s: string, id: string) => `(service ${s}) rolling back to deployment ${id}.`,
  /** E11. */
  stoppedPending: (s: string, n: number) => `(service ${s}) stopped ${n} pending tasks.`,
  /** E14: the reason supplies its own final punctuation. */
  unableToPlace: (s: string, reason: string) =>
    `(service ${s}) was unable to place a task. Reason: ${reason}`,
  /** E16 (the long form, observed; the short one is UNCONFIRMED). */
  unableToStartConsistently: (s: string) =>
    `(service ${s}) is unable to consistently start tasks successfully. For more information, see the ` +
    'Troubleshooting section of the Amazon ECS Developer Guide.',
  /** E17. */
  deploymentDeadlocked: (s: string) =>
    `(service ${s}) was unable to stop or start tasks during a deployment because of the service deployment ` +
    'configuration. Update the minimumHealthyPercent or maximumPercent value and try again.',
} as const;

export const rolloutReasons = {
  inProgress: (id: string) => `ECS deployment ${id} in progress.`,
  completed: (id: string) => `ECS deployment ${id} completed.`,
  /** The plural, as rolloutStateReason shows it (the EventBridge example's singular is another channel). */
  circuitBreaker: 'ECS deployment circuit breaker: tasks failed to start.',
  rollingBack: (id: string) => `ECS deployment circuit breaker: rolling back to deploymentId ${id}.`,
} as const;

/** Stopped reasons of tasks the scheduler stops (stopCode ServiceSchedulerInitiated), ref §1.6. */
export const schedulerStopReasons = {
  scaling: (deploymentId: string) => `Scaling activity initiated by (deployment ${deploymentId})`,
  elbHealthChecks: (targetGroupArn: string) =>
    `Task failed ELB health checks in (target-group ${targetGroupArn})`,
} as const;

export const serviceErrorTexts = {
  /** §1.7 [obs] Terraform output. */
  notIdempotent: 'Creation of service was not idempotent.',
  /** §1.7 [obs]. */
  scaledAboveZero: 'The service cannot be stopped while it is scaled above 0.',
  /** §1.7 [obs] (berth also says it for a target group ELB does not know). */
  noAssociatedLoadBalancer: (tg: string) =>
    `The target group with targetGroupArn ${tg} does not have an associated load balancer.`,
  /** §1.7 [obs]. */
  instanceTargetWithAwsvpc: (tg: string) =>
    `The provided target group ${tg} has target type instance, which is incompatible with the awsvpc network mode ` +
    'specified in the task definition.',
  /** [INF] modelled on clusterNameInvalid; CreateServiceRequest.serviceName's documented rule. */
  serviceNameInvalid:
    'Service name can contain up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.',
  /** §1.7 [obs]. */
  serviceNotFound: 'Service not found.',
  /** §1.7 [obs]. */
  serviceNotActive: 'Service was not ACTIVE.',
  /** §1.7 [obs] eagletmt/hako#65 (no final period). */
  daemonDesiredCount:
    'The daemon scheduling strategy does not support a desired count for services. Remove the desired count ' +
    'value and try again',
  /** §1.7: text UNCONFIRMED; floci chose "Invalid desiredCount" as ClientException, berth follows. */
  invalidDesiredCount: 'Invalid desiredCount',
  /** [INF] modelled on RunTask's ClientException for a missing definition. */
  taskDefinitionRequired: 'TaskDefinition is required.',
  /** [INF] DescribeServices' `services` allows at most 10 (API_DescribeServices). */
  servicesTooMany: 'Services cannot have more than 10 items.',
  /** [INF] */
  servicesEmpty: 'Services cannot be empty.',
  /** [INF] the member's documented range (API_DeploymentConfiguration). */
  deploymentConfigurationInvalid: (member: string) => `Invalid value for deploymentConfiguration.${member}.`,
} as const;
