// The AWS::ECS::Service provider end to end, called directly as CloudFormation's engine calls it: a real `berth up`,
// runc and berth's registry. A LogGroup, Cluster, TaskDefinition and Service of 2 Fargate tasks (private image,
// awslogs to the group) are created through the providers, and the Service resource completes only once the service
// is stable (ref cloudformation-cdk §5.3); a scale-down updates in place and waits again; a revision whose execution
// role cannot read the registry secret fails the resource with the circuit breaker's text, on update (rolled back)
// and on create (nothing to roll back to) (ref cloudformation-cdk §1.6); behind a load balancer made by the ELBv2
// providers it completes once the targets are healthy and the page comes through the listener; delete scales to 0,
// deletes and waits for INACTIVE, leaving no task behind.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DescribeServicesCommand, ListTasksCommand, type Service } from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ecsTypes } from '../../src/adapters/cloudformation-resources/ecs.js';
import { elbv2ResourceTypes } from '../../src/adapters/cloudformation-resources/elbv2.js';
import { logsResourceTypes } from '../../src/adapters/cloudformation-resources/logs.js';
import type { ResourceProvider } from '../../src/adapters/cloudformation-resources/provider.js';
import type { ProvisionError } from '../../src/services/cloudformation/resource-provisioner.js';
import { providerCall, provisionContext } from '../../src/testing/provision-context.js';
import { freePort } from '../integ/support/system-tools.js';
import { allowGetSecret, type EcsWorld, startEcsWorld } from './support/ecs-world.js';
import { webPort } from './support/web-image.js';

const cluster = 'cfnapp';
const breakerText =
  /^Resource handler returned message: "Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'\." \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: GeneralServiceException\)$/;
let world: EcsWorld;
let ecs: Readonly<Record<string, ResourceProvider>>;
const logs = logsResourceTypes;
let image: string;
let secretArn: string;
let logGroup: { physicalId: string; attributes: Readonly<Record<string, unknown>> };
let goodTaskDefinition: string;
let serviceArn: string;
// The default VPC's first default subnet (ECS refuses subnets EC2 does not have, as on AWS).
let subnet: string;

const as = (logicalId: string) =>
  providerCall(
    world.berth.endpoint,
    provisionContext(world.berth.credentials, { stackName: 'WebStack', logicalId }),
  );

function taskDefinition(executionRoleArn: string) {
  return {
    Family: 'WebStackWebTaskDef',
    Cpu: '256',
    Memory: '512',
    NetworkMode: 'awsvpc',
    RequiresCompatibilities: ['FARGATE'],
    ExecutionRoleArn: executionRoleArn,
    ContainerDefinitions: [
      {
        Name: 'web',
        Image: image,
        Essential: true,
        PortMappings: [{ ContainerPort: webPort, HostPort: webPort, Protocol: 'tcp' }],
        RepositoryCredentials: { CredentialsParameter: secretArn },
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: {
            'awslogs-group': logGroup.physicalId,
            'awslogs-stream-prefix': 'Web',
            'awslogs-region': 'us-east-1',
          },
        },
      },
    ],
  };
}

function serviceProperties(taskDefinitionArn: string, desired: number) {
  return {
    Cluster: cluster,
    DesiredCount: desired,
    LaunchType: 'FARGATE',
    TaskDefinition: taskDefinitionArn,
    NetworkConfiguration: {
      AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: [subnet] },
    },
    // As CDK's ApplicationLoadBalancedFargateService writes them (test/fixtures/cdk-app).
    DeploymentController: { Type: 'ECS' },
    EnableECSManagedTags: false,
    DeploymentConfiguration: {
      Alarms: { AlarmNames: [], Enable: false, Rollback: false },
      MaximumPercent: 200,
      MinimumHealthyPercent: 50,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
    },
  };
}

async function described(arn: string): Promise<Service> {
  const out = await world.ecs.send(new DescribeServicesCommand({ cluster, services: [arn] }));
  return out.services![0]!;
}

async function running(arn: string): Promise<string[]> {
  const name = arn.split('/').pop()!;
  return (await world.ecs.send(new ListTasksCommand({ cluster, serviceName: name }))).taskArns ?? [];
}

before(async () => {
  world = await startEcsWorld();
  subnet = world.subnet;
  const stability = { pollMs: 200, timeoutMs: 180_000 };
  ecs = ecsTypes(stability);
  const made = await world.privateWebImage('cfn');
  image = made.image;
  secretArn = made.secretArn;
  logGroup = await logs['AWS::Logs::LogGroup']!.create({}, as('WebLogs'));
  // The execution role's awslogs grant names the group by its GetAtt Arn (`…:log-group:<name>:*`), as CDK writes it.
  const logsGrant = {
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: logGroup.attributes['Arn'],
  };
  const execution = await world.createRole('cfnLoggingExecution', allowGetSecret(secretArn, [logsGrant]));
  await ecs['AWS::ECS::Cluster']!.create({ ClusterName: cluster }, as('Cluster'));
  goodTaskDefinition = (
    await ecs['AWS::ECS::TaskDefinition']!.create(taskDefinition(execution), as('TaskDef'))
  ).physicalId;
});

after(async () => {
  await world?.close();
});

describe('AWS::ECS::Service through its provider', () => {
  test('create returns once the service is stable: 2 tasks running; Ref the ARN, GetAtt Name', async () => {
    const made = await ecs['AWS::ECS::Service']!.create(
      serviceProperties(goodTaskDefinition, 2),
      as('WebService'),
    );
    serviceArn = made.physicalId;
    const name = made.attributes['Name'] as string;
    assert.match(name, /^WebStack-WebService-[A-Z0-9]{12}$/);
    assert.equal(serviceArn, `arn:aws:ecs:us-east-1:${world.berth.accountId}:service/${cluster}/${name}`);
    assert.equal(made.attributes['ServiceArn'], serviceArn);
    const service = await described(serviceArn);
    assert.equal(service.runningCount, 2);
    assert.equal(service.deployments?.length, 1);
    assert.equal(service.deployments?.[0]?.rolloutState, 'COMPLETED');
    assert.equal((await running(serviceArn)).length, 2);
  });

  test('a DesiredCount change updates in place and waits until stable again', async () => {
    const createOnly = ecs['AWS::ECS::Service']!.createOnly ?? [];
    assert.ok(createOnly.includes('ServiceName') && !createOnly.includes('DesiredCount'));
    assert.ok(!createOnly.includes('TaskDefinition'));
    await ecs['AWS::ECS::Service']!.update!(
      serviceArn,
      serviceProperties(goodTaskDefinition, 1),
      serviceProperties(goodTaskDefinition, 2),
      as('WebService'),
    );
    const service = await described(serviceArn);
    assert.equal(service.desiredCount, 1);
    assert.equal(service.runningCount, 1);
  });

  test('an update to a revision that cannot start fails with the circuit-breaker text; ECS rolls back', async () => {
    const blind = await world.createRole('cfnBlindExecution');
    const broken = (await ecs['AWS::ECS::TaskDefinition']!.create(taskDefinition(blind), as('TaskDef')))
      .physicalId;
    await assert.rejects(
      ecs['AWS::ECS::Service']!.update!(
        serviceArn,
        serviceProperties(broken, 1),
        serviceProperties(goodTaskDefinition, 1),
        as('WebService'),
      ),
      (e: ProvisionError) => breakerText.test(e.reason),
    );
    const service = await described(serviceArn);
    assert.equal(service.deployments?.[0]?.taskDefinition, goodTaskDefinition);
  });

  test('a create whose tasks cannot start fails with the circuit-breaker text', async () => {
    const blind = await world.createRole('cfnBlindExecution2');
    const broken = (await ecs['AWS::ECS::TaskDefinition']!.create(taskDefinition(blind), as('TaskDef')))
      .physicalId;
    await assert.rejects(
      ecs['AWS::ECS::Service']!.create(
        { ...serviceProperties(broken, 1), ServiceName: 'broken' },
        as('Broken'),
      ),
      (e: ProvisionError) => breakerText.test(e.reason),
    );
    // CloudFormation's rollback deletes the failed resource: delete drains it like any other.
    const brokenArn = `arn:aws:ecs:us-east-1:${world.berth.accountId}:service/${cluster}/broken`;
    await ecs['AWS::ECS::Service']!.delete(brokenArn, { Cluster: cluster }, as('Broken'));
    assert.equal((await described(brokenArn)).status, 'INACTIVE');
  });

  test('behind a load balancer made by the ELBv2 providers, the Service completes once its tasks serve through it', async () => {
    const elb = (type: string) => elbv2ResourceTypes[`AWS::ElasticLoadBalancingV2::${type}`]!;
    const lb = await elb('LoadBalancer').create(
      { Type: 'application', Scheme: 'internet-facing', Subnets: [subnet] },
      as('WebLB'),
    );
    const tg = await elb('TargetGroup').create(
      {
        Port: webPort,
        Protocol: 'HTTP',
        TargetType: 'ip',
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 2,
        HealthyThresholdCount: 2,
        // Deleting the service waits for its targets to drain: 300 s by default, as on AWS.
        TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '1' }],
      },
      as('WebTG'),
    );
    const port = await freePort();
    const listener = await elb('Listener').create(
      {
        LoadBalancerArn: lb.physicalId,
        Port: port,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.physicalId }],
      },
      as('WebListener'),
    );
    const properties = {
      ...serviceProperties(goodTaskDefinition, 2),
      HealthCheckGracePeriodSeconds: 60,
      LoadBalancers: [{ ContainerName: 'web', ContainerPort: webPort, TargetGroupArn: tg.physicalId }],
    };
    const made = await ecs['AWS::ECS::Service']!.create(properties, as('BehindLb'));
    const { endpoint, region, credentials } = world.berth;
    const client = new ElasticLoadBalancingV2Client({ endpoint, region, credentials });
    const health = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.physicalId }));
    client.destroy();
    assert.deepEqual(
      health.TargetHealthDescriptions?.map((t) => t.TargetHealth?.State),
      ['healthy', 'healthy'],
    );
    const page = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(await page.text(), world.web.page);
    await ecs['AWS::ECS::Service']!.delete(made.physicalId, properties, as('BehindLb'));
    for (const [type, resource] of [
      ['Listener', listener],
      ['TargetGroup', tg],
      ['LoadBalancer', lb],
    ] as const)
      await elb(type).delete(resource.physicalId, {}, as(type));
  });

  test('delete scales to 0, deletes and returns once INACTIVE with no task left; deleting again succeeds', async () => {
    await ecs['AWS::ECS::Service']!.delete(serviceArn, { Cluster: cluster }, as('WebService'));
    assert.equal((await described(serviceArn)).status, 'INACTIVE');
    assert.deepEqual(await running(serviceArn), []);
    await ecs['AWS::ECS::Service']!.delete(serviceArn, { Cluster: cluster }, as('WebService'));
    await ecs['AWS::ECS::TaskDefinition']!.delete(goodTaskDefinition, {}, as('TaskDef'));
    await ecs['AWS::ECS::Cluster']!.delete(cluster, {}, as('Cluster'));
    await logs['AWS::Logs::LogGroup']!.delete(logGroup.physicalId, {}, as('WebLogs'));
  });
});
