// The CloudFormation resource providers of ECS (Cluster, TaskDefinition), ELBv2 and Logs called directly (no
// CloudFormation engine) against a real `berth up`, as the deploy engine calls them: create, update, delete (twice:
// deleting what is gone succeeds), Ref and GetAtt values (ref cloudformation-cdk §5.2), and IAM deciding for the
// deployment's credentials. The ECS Service provider runs real tasks: test/e2e/cfn-ecs-service.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClustersCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { ecsResourceTypes } from '../../src/adapters/cloudformation-resources/ecs.js';
import { elbv2ResourceTypes } from '../../src/adapters/cloudformation-resources/elbv2.js';
import { logsResourceTypes } from '../../src/adapters/cloudformation-resources/logs.js';
import type { ProvisionError } from '../../src/services/cloudformation/resource-provisioner.js';
import { providerCall, provisionContext } from '../../src/testing/provision-context.js';
import { type BerthProcess, startBerth } from './berth-process.js';
import { freePort } from './support/system-tools.js';

let berth: BerthProcess;
let config: {
  endpoint: string;
  region: string;
  credentials: BerthProcess['credentials'];
  maxAttempts: number;
};

before(async () => {
  berth = await startBerth();
  config = { endpoint: berth.endpoint, region: berth.region, credentials: berth.credentials, maxAttempts: 1 };
});
after(async () => {
  await berth?.stop({ removeState: true });
});

const as = (logicalId: string) =>
  providerCall(
    berth.endpoint,
    provisionContext(berth.credentials, { logicalId, stackTags: { team: 'web' } }),
  );

describe('AWS::Logs::LogGroup', () => {
  test('Ref is the (generated) name, Arn ends :*; retention changes in place; delete twice', async () => {
    const made = await logsResourceTypes['AWS::Logs::LogGroup']!.create(
      { RetentionInDays: 7 },
      as('WebLogs'),
    );
    assert.match(made.physicalId, /^WebStack-WebLogs-[A-Z0-9]{12}$/);
    assert.equal(
      made.attributes['Arn'],
      `arn:aws:logs:us-east-1:${berth.accountId}:log-group:${made.physicalId}:*`,
    );
    const client = new CloudWatchLogsClient(config);
    const group = async () =>
      (await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: made.physicalId })))
        .logGroups?.[0];
    assert.equal((await group())?.retentionInDays, 7);
    assert.deepEqual(logsResourceTypes['AWS::Logs::LogGroup']!.createOnly, ['LogGroupName', 'LogGroupClass']);
    await logsResourceTypes['AWS::Logs::LogGroup']!.update!(
      made.physicalId,
      { RetentionInDays: 30 },
      { RetentionInDays: 7 },
      as('WebLogs'),
    );
    assert.equal((await group())?.retentionInDays, 30);
    await logsResourceTypes['AWS::Logs::LogGroup']!.delete(made.physicalId, {}, as('WebLogs'));
    assert.equal(await group(), undefined);
    await logsResourceTypes['AWS::Logs::LogGroup']!.delete(made.physicalId, {}, as('WebLogs'));
    client.destroy();
  });
});

describe('AWS::ECS::Cluster and AWS::ECS::TaskDefinition', () => {
  test('Cluster: Ref the name, GetAtt Arn, the stack tags; delete twice', async () => {
    const made = await ecsResourceTypes['AWS::ECS::Cluster']!.create({ ClusterName: 'web' }, as('Cluster'));
    assert.deepEqual(made, {
      physicalId: 'web',
      attributes: { Arn: `arn:aws:ecs:us-east-1:${berth.accountId}:cluster/web` },
    });
    const client = new ECSClient(config);
    const described = await client.send(
      new DescribeClustersCommand({ clusters: ['web'], include: ['TAGS'] }),
    );
    assert.deepEqual(described.clusters?.[0]?.tags, [{ key: 'team', value: 'web' }]);
    await ecsResourceTypes['AWS::ECS::Cluster']!.delete('web', {}, as('Cluster'));
    const gone = await client.send(new DescribeClustersCommand({ clusters: ['web'] }));
    assert.notEqual(gone.clusters?.[0]?.status, 'ACTIVE');
    await ecsResourceTypes['AWS::ECS::Cluster']!.delete('web', {}, as('Cluster'));
    client.destroy();
  });

  test('TaskDefinition: CDK-shaped properties registered in the ECS shape, Ref the ARN; any change replaces', async () => {
    const properties = {
      Family: 'WebStackWebTaskDefBC64545A',
      Cpu: '256',
      Memory: '512',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      ExecutionRoleArn: 'arn:aws:iam::000000000000:role/WebTaskExecution',
      ContainerDefinitions: [
        {
          Name: 'web',
          Image: '127.0.0.1:5000/web:latest',
          Essential: true,
          Environment: [{ Name: 'MODE', Value: 'prod' }],
          PortMappings: [{ ContainerPort: '80', Protocol: 'tcp' }],
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: { 'awslogs-group': 'g', 'awslogs-stream-prefix': 'Web', 'awslogs-region': 'us-east-1' },
          },
        },
      ],
    };
    const made = await ecsResourceTypes['AWS::ECS::TaskDefinition']!.create(properties, as('TaskDef'));
    assert.equal(
      made.physicalId,
      `arn:aws:ecs:us-east-1:${berth.accountId}:task-definition/WebStackWebTaskDefBC64545A:1`,
    );
    assert.deepEqual(made.attributes, { TaskDefinitionArn: made.physicalId });
    const client = new ECSClient(config);
    const { taskDefinition } = await client.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: made.physicalId }),
    );
    assert.equal(taskDefinition?.cpu, '256');
    const container = taskDefinition?.containerDefinitions?.[0];
    assert.deepEqual(container?.environment, [{ name: 'MODE', value: 'prod' }]);
    assert.equal(container?.portMappings?.[0]?.containerPort, 80);
    assert.deepEqual(
      container?.logConfiguration?.options,
      properties.ContainerDefinitions[0]!.LogConfiguration.Options,
    );
    assert.equal(ecsResourceTypes['AWS::ECS::TaskDefinition']!.update, undefined, 'any change replaces it');
    await ecsResourceTypes['AWS::ECS::TaskDefinition']!.delete(made.physicalId, properties, as('TaskDef'));
    const after = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: made.physicalId }));
    assert.equal(after.taskDefinition?.status, 'INACTIVE');
    client.destroy();
  });

  test("a service's error fails the resource with CloudFormation's text; IAM decides for the deployment's credentials", async () => {
    await assert.rejects(
      ecsResourceTypes['AWS::ECS::TaskDefinition']!.create(
        { Family: 'empty', ContainerDefinitions: [] },
        as('Empty'),
      ),
      (e: ProvisionError) =>
        /^Resource handler returned message: ".+ \(Service: Ecs, Status Code: 400, Request ID: [^)]*\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: InvalidRequest\)$/.test(
          e.reason,
        ),
    );
    const iam = new IAMClient(config);
    await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }))).AccessKey!;
    iam.destroy();
    const nobody = providerCall(
      berth.endpoint,
      provisionContext({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }),
    );
    await assert.rejects(
      ecsResourceTypes['AWS::ECS::Cluster']!.create({ ClusterName: 'denied' }, nobody),
      (e: ProvisionError) => {
        assert.match(e.reason, /is not authorized to perform: ecs:CreateCluster/);
        assert.match(e.reason, /HandlerErrorCode: AccessDenied\)$/);
        assert.ok(!e.reason.includes(key.SecretAccessKey!));
        return true;
      },
    );
  });
});

describe('AWS::ElasticLoadBalancingV2::*', () => {
  test('LoadBalancer, TargetGroup, Listener, ListenerRule: values, in-place updates, delete twice', async () => {
    const lb = await elbv2ResourceTypes['AWS::ElasticLoadBalancingV2::LoadBalancer']!.create(
      {
        Scheme: 'internet-facing',
        Type: 'application',
        Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        SecurityGroups: ['sg-0123456789abcdef0'],
        LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }],
      },
      as('WebLB'),
    );
    const name = lb.attributes['LoadBalancerName'] as string;
    assert.ok(name.length <= 32 && name.startsWith('WebStack-WebLB-'), name);
    assert.match(
      lb.physicalId,
      /^arn:aws:elasticloadbalancing:us-east-1:\d{12}:loadbalancer\/app\/.+\/[0-9a-f]+$/,
    );
    assert.equal(lb.attributes['LoadBalancerFullName'], lb.physicalId.split(':loadbalancer/')[1]);
    assert.match(
      lb.attributes['DNSName'] as string,
      new RegExp(`^${name.toLowerCase()}-\\d+\\.us-east-1\\.`),
    );
    assert.ok(lb.attributes['CanonicalHostedZoneID']);

    const tg = await elbv2ResourceTypes['AWS::ElasticLoadBalancingV2::TargetGroup']!.create(
      {
        Port: '80',
        Protocol: 'HTTP',
        TargetType: 'ip',
        VpcId: 'vpc-0123456789abcdef0',
        HealthCheckPath: '/',
        TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: 5 }],
      },
      as('WebTG'),
    );
    assert.equal(tg.attributes['TargetGroupArn'], tg.physicalId);
    assert.equal(
      tg.attributes['TargetGroupFullName'],
      tg.physicalId.slice(tg.physicalId.indexOf('targetgroup/')),
    );
    assert.deepEqual(tg.attributes['LoadBalancerArns'], []);
    const client = new ElasticLoadBalancingV2Client(config);
    const attributes = await client.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.physicalId }),
    );
    assert.ok(
      attributes.Attributes?.some((a) => a.Key === 'deregistration_delay.timeout_seconds' && a.Value === '5'),
    );

    const port = await freePort();
    const forward = [{ Type: 'forward', TargetGroupArn: tg.physicalId }];
    const listener = await elbv2ResourceTypes['AWS::ElasticLoadBalancingV2::Listener']!.create(
      { LoadBalancerArn: lb.physicalId, Port: String(port), Protocol: 'HTTP', DefaultActions: forward },
      as('WebListener'),
    );
    assert.deepEqual(listener.attributes, { ListenerArn: listener.physicalId });
    const rule = await elbv2ResourceTypes['AWS::ElasticLoadBalancingV2::ListenerRule']!.create(
      {
        ListenerArn: listener.physicalId,
        Priority: '10',
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
        Actions: forward,
      },
      as('ApiRule'),
    );
    assert.deepEqual(rule.attributes, { RuleArn: rule.physicalId, IsDefault: false });
    const groupAfter = await client.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.physicalId] }),
    );
    assert.deepEqual(groupAfter.TargetGroups?.[0]?.LoadBalancerArns, [lb.physicalId]);

    const createOnly = elbv2ResourceTypes['AWS::ElasticLoadBalancingV2::TargetGroup']!.createOnly;
    assert.ok(createOnly?.includes('Port') && !createOnly.includes('HealthCheckPath'));
    await elbv2ResourceTypes['AWS::ElasticLoadBalancingV2::TargetGroup']!.update!(
      tg.physicalId,
      { Port: '80', Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/health' },
      { Port: '80', Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/' },
      as('WebTG'),
    );
    const changed = await client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.physicalId] }));
    assert.equal(changed.TargetGroups?.[0]?.HealthCheckPath, '/health');
    await elbv2ResourceTypes['AWS::ElasticLoadBalancingV2::ListenerRule']!.update!(
      rule.physicalId,
      {
        ListenerArn: listener.physicalId,
        Priority: '10',
        Conditions: [{ Field: 'path-pattern', Values: ['/v2/*'] }],
        Actions: forward,
      },
      {},
      as('ApiRule'),
    );
    const rules = await client.send(new DescribeRulesCommand({ RuleArns: [rule.physicalId] }));
    assert.deepEqual(rules.Rules?.[0]?.Conditions?.[0]?.Values, ['/v2/*']);

    for (const [type, made] of [
      ['ListenerRule', rule],
      ['Listener', listener],
      ['TargetGroup', tg],
      ['LoadBalancer', lb],
    ] as const) {
      await elbv2ResourceTypes[`AWS::ElasticLoadBalancingV2::${type}`]!.delete(made.physicalId, {}, as(type));
      await elbv2ResourceTypes[`AWS::ElasticLoadBalancingV2::${type}`]!.delete(made.physicalId, {}, as(type));
    }
    const listeners = client.send(new DescribeListenersCommand({ ListenerArns: [listener.physicalId] }));
    await assert.rejects(listeners, { name: 'ListenerNotFoundException' });
    client.destroy();
  });
});
