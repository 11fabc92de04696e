import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type Service,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type {
  ProvisionContext,
  ProvisionedResource,
} from '../../services/cloudformation/resource-provisioner.js';
import { ecsMembers, ecsTags } from './ecs-properties.js';
import {
  defaultStability,
  type StabilityOptions,
  untilInactive,
  untilStable,
} from './ecs-service-stability.js';
import { deleteIgnoringNotFound, handled } from './handler-failure.js';
import { nameOrGenerated, resourceTags, retag } from './physical-names.js';
import type { Properties, ProviderCall, ResourceProvider } from './provider.js';

// AWS::ECS::Cluster, TaskDefinition and Service through the ECS API (ref cloudformation-cdk §5.2–§5.4). Ref: the
// cluster's name, the task definition's ARN (with revision), the service's ARN; GetAtt: Cluster Arn,
// TaskDefinition TaskDefinitionArn, Service Name and ServiceArn. createOnly properties per the types' schemas
// (cfn-lint aws-ecs-*.json, as ref cloudformation-cdk §5.3 lists them): a task definition is replaced by any change
// (a new revision); a service only by these.
const serviceReplacedOn = [
  'Cluster',
  'DeploymentController',
  'LaunchType',
  'Role',
  'SchedulingStrategy',
  'ServiceName',
];

/** The ECS types, waiting for services as `stability` says (tests poll faster and give up sooner). */
export function ecsTypes(stability: StabilityOptions): Readonly<Record<string, ResourceProvider>> {
  const ecs = <T>(c: ProviderCall, use: (client: ECSClient) => Promise<T>) => use(c.client(ECSClient));
  const call = <T>(step: () => Promise<T>) => handled('Ecs', step);

  return {
    'AWS::ECS::Cluster': {
      createOnly: ['ClusterName'],
      create: (p, c) =>
        ecs(c, async (client) => {
          const tags = ecsTags(resourceTags(p['Tags'], c.context));
          const out = await call(() =>
            client.send(
              new CreateClusterCommand({
                ...ecsMembers(p, []),
                clusterName: nameOrGenerated(p['ClusterName'], c, 255),
                ...(tags.length > 0 ? { tags } : {}),
              }),
            ),
          );
          const cluster = out.cluster!;
          return { physicalId: cluster.clusterName!, attributes: { Arn: cluster.clusterArn! } };
        }),
      // berth's ECS has no UpdateCluster: the settings CloudFormation would update in place stay as created.
      update: (name, p, previous, c) =>
        ecs(c, async (client) => {
          const out = await call(() => client.send(new DescribeClustersCommand({ clusters: [name] })));
          const arn = out.clusters?.[0]?.clusterArn ?? '';
          await retagEcs(client, arn, p, previous, c.context);
          return { physicalId: name, attributes: { Arn: arn } };
        }),
      delete: (name, _p, c) =>
        ecs(c, (client) =>
          deleteIgnoringNotFound('Ecs', () => client.send(new DeleteClusterCommand({ cluster: name }))),
        ),
    },

    'AWS::ECS::TaskDefinition': {
      create: (p, c) =>
        ecs(c, async (client) => {
          const tags = ecsTags(resourceTags(p['Tags'], c.context));
          const members = ecsMembers(p, ['Family']);
          // Task-level Cpu and Memory are strings in the API ("256"), unlike a container's integers.
          for (const key of ['cpu', 'memory'] as const)
            if (members[key] !== undefined) members[key] = String(members[key]);
          const out = await call(() =>
            client.send(
              new RegisterTaskDefinitionCommand({
                ...(members as object),
                family: nameOrGenerated(p['Family'], c, 255),
                ...(tags.length > 0 ? { tags } : {}),
              } as never),
            ),
          );
          const arn = out.taskDefinition!.taskDefinitionArn!;
          return { physicalId: arn, attributes: { TaskDefinitionArn: arn } };
        }),
      delete: (arn, _p, c) =>
        ecs(c, (client) =>
          deleteIgnoringNotFound('Ecs', () =>
            client.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })),
          ),
        ),
    },

    'AWS::ECS::Service': {
      createOnly: serviceReplacedOn,
      create: (p, c) =>
        ecs(c, async (client) => {
          const tags = ecsTags(resourceTags(p['Tags'], c.context));
          const out = await call(() =>
            client.send(
              new CreateServiceCommand({
                ...ecsMembers(p, ['ServiceName']),
                serviceName: nameOrGenerated(p['ServiceName'], c, 255),
                ...(tags.length > 0 ? { tags } : {}),
              } as never),
            ),
          );
          const created = out.service!;
          const watched = {
            cluster: cluster(p),
            serviceArn: created.serviceArn!,
            deploymentId: primaryId(created),
          };
          return serviceValues(
            await untilStable(client, watched, c.context.signal, stability, 'Resource creation cancelled'),
          );
        }),
      update: (arn, p, previous, c) =>
        ecs(c, async (client) => {
          const changed = Object.keys({ ...p, ...previous }).filter(
            (name) => name !== 'Tags' && JSON.stringify(p[name]) !== JSON.stringify(previous[name]),
          );
          const members = ecsMembers(
            Object.fromEntries(changed.map((name) => [name, p[name]])),
            serviceReplacedOn,
          );
          const out = await call(() =>
            client.send(
              new UpdateServiceCommand({
                ...members,
                ...(cluster(p) ? { cluster: cluster(p) } : {}),
                service: arn,
              } as never),
            ),
          );
          await retagEcs(client, arn, p, previous, c.context);
          const watched = { cluster: cluster(p), serviceArn: arn, deploymentId: primaryId(out.service!) };
          return serviceValues(
            await untilStable(client, watched, c.context.signal, stability, 'Resource update cancelled'),
          );
        }),
      // As CloudFormation and Terraform do: scale to 0, DeleteService(force), then wait for INACTIVE (drained).
      delete: (arn, p, c) =>
        ecs(c, async (client) => {
          const watched = { cluster: cluster(p), serviceArn: arn };
          const where = watched.cluster ? { cluster: watched.cluster } : {};
          const described = await call(() =>
            client.send(new DescribeServicesCommand({ ...where, services: [arn] })),
          );
          const status = described.services?.[0]?.status;
          if (status === undefined || status === 'INACTIVE') return;
          // A DRAINING service is already being deleted (a retried delete): only the wait is left.
          if (status === 'ACTIVE') {
            await deleteIgnoringNotFound('Ecs', () =>
              client.send(new UpdateServiceCommand({ ...where, service: arn, desiredCount: 0 })),
            );
            await deleteIgnoringNotFound('Ecs', () =>
              client.send(new DeleteServiceCommand({ ...where, service: arn, force: true })),
            );
          }
          await untilInactive(client, watched, c.context.signal, stability);
        }),
    },
  };
}

export const ecsResourceTypes = ecsTypes(defaultStability);

function cluster(p: Properties): string | undefined {
  return typeof p['Cluster'] === 'string' && p['Cluster'] !== '' ? p['Cluster'] : undefined;
}

function primaryId(service: Service): string | undefined {
  return service.deployments?.find((d) => d.status === 'PRIMARY')?.id;
}

function serviceValues(service: Service): ProvisionedResource {
  return {
    physicalId: service.serviceArn!,
    attributes: { Name: service.serviceName!, ServiceArn: service.serviceArn! },
  };
}

function retagEcs(
  client: ECSClient,
  arn: string,
  p: Properties,
  previous: Properties,
  context: ProvisionContext,
) {
  return retag(p['Tags'], previous['Tags'], context, {
    remove: (keys) =>
      handled('Ecs', () => client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys }))),
    set: (tags) =>
      handled('Ecs', () => client.send(new TagResourceCommand({ resourceArn: arn, tags: ecsTags(tags) }))),
  });
}
