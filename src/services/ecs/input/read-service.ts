/** The service operations' inputs ([DOC] API_CreateService, API_UpdateService, API_DeploymentConfiguration). */
import type { JsonInputReader } from '../../../aws/index.js';
import type { LoadBalancerConfig } from '../domain/service-documents.js';
import type {
  CreateServiceRequest,
  DeploymentConfigurationInput,
  UpdateServiceRequest,
} from '../service-requests.js';
import { readAwsvpc, readStrategyItem } from './read-run-task.js';
import { boolean, integer, type Json, list, object, string, tagList } from './shape.js';

const launchTypes = ['EC2', 'FARGATE', 'EXTERNAL'];
const thresholdTypes = ['COUNT', 'BOUNDED_PERCENT', 'UNBOUNDED_PERCENT'];

export function readCreateService(r: JsonInputReader, input: Json): CreateServiceRequest {
  const network = object(input['networkConfiguration']);
  return {
    cluster: r.string('cluster'),
    serviceName: r.string('serviceName', { required: true }) ?? '',
    taskDefinition: r.string('taskDefinition'),
    desiredCount: r.integer('desiredCount'),
    clientToken: r.string('clientToken', { max: 36 }),
    launchType: r.string('launchType', { enum: launchTypes }) as CreateServiceRequest['launchType'],
    capacityProviderStrategy: r.list('capacityProviderStrategy', readStrategyItem),
    platformVersion: r.string('platformVersion'),
    loadBalancers: list(input['loadBalancers'], readLoadBalancer) ?? [],
    deploymentConfiguration: readDeploymentConfiguration(r, object(input['deploymentConfiguration'])),
    networkConfigurationGiven: network !== undefined,
    awsvpcConfiguration: readAwsvpc(r, object(network?.['awsvpcConfiguration'])),
    healthCheckGracePeriodSeconds: r.integer('healthCheckGracePeriodSeconds'),
    schedulingStrategy: r.string('schedulingStrategy', { enum: ['REPLICA', 'DAEMON'] }) as
      | 'REPLICA'
      | undefined,
    deploymentController: string(object(input['deploymentController'])?.['type']),
    tags: tagList(r) ?? [],
    enableECSManagedTags: r.boolean('enableECSManagedTags') ?? false,
    propagateTags: r.string('propagateTags', { enum: ['TASK_DEFINITION', 'SERVICE', 'NONE'] }) as
      | 'NONE'
      | undefined,
    enableExecuteCommand: r.boolean('enableExecuteCommand') ?? false,
  };
}

export function readUpdateService(r: JsonInputReader, input: Json): UpdateServiceRequest {
  const network = object(input['networkConfiguration']);
  return {
    cluster: r.string('cluster'),
    service: r.string('service', { required: true }) ?? '',
    desiredCount: r.integer('desiredCount'),
    taskDefinition: r.string('taskDefinition'),
    deploymentConfiguration: readDeploymentConfiguration(r, object(input['deploymentConfiguration'])),
    networkConfigurationGiven: network !== undefined,
    awsvpcConfiguration: readAwsvpc(r, object(network?.['awsvpcConfiguration'])),
    forceNewDeployment: r.boolean('forceNewDeployment') ?? false,
    healthCheckGracePeriodSeconds: r.integer('healthCheckGracePeriodSeconds'),
    enableExecuteCommand: r.boolean('enableExecuteCommand'),
  };
}

function readLoadBalancer(value: unknown): LoadBalancerConfig {
  const lb = object(value) ?? {};
  const fields = {
    targetGroupArn: string(lb['targetGroupArn']),
    loadBalancerName: string(lb['loadBalancerName']),
    containerName: string(lb['containerName']),
    containerPort: integer(lb['containerPort']),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as LoadBalancerConfig;
}

function readDeploymentConfiguration(
  r: JsonInputReader,
  config: Json | undefined,
): DeploymentConfigurationInput | undefined {
  if (!config) return undefined;
  const breaker = object(config['deploymentCircuitBreaker']);
  const threshold = object(breaker?.['thresholdConfiguration']);
  const thresholdType = string(threshold?.['type']);
  if (thresholdType !== undefined && !thresholdTypes.includes(thresholdType))
    r.fail(
      'deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.type',
      `'${thresholdType}'`,
      `Member must satisfy enum value set: [${thresholdTypes.join(', ')}]`,
    );
  const resetOnHealthyTask = boolean(breaker?.['resetOnHealthyTask']);
  return {
    maximumPercent: integer(config['maximumPercent']),
    minimumHealthyPercent: integer(config['minimumHealthyPercent']),
    deploymentCircuitBreaker: breaker && {
      enable: boolean(breaker['enable']) ?? false,
      rollback: boolean(breaker['rollback']) ?? false,
      ...(resetOnHealthyTask === undefined ? {} : { resetOnHealthyTask }),
      ...(threshold
        ? {
            thresholdConfiguration: {
              type: (thresholdType ?? 'BOUNDED_PERCENT') as 'COUNT',
              value: integer(threshold['value']) ?? 50,
            },
          }
        : {}),
    },
    alarms: object(config['alarms']),
  };
}
