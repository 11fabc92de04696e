import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  type LoadBalancer,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
  RemoveTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  ProvisionContext,
  ProvisionedResource,
} from '../../services/cloudformation/resource-provisioner.js';
import { elbv2Input, elbv2Members, keyValues, pick } from './elbv2-properties.js';
import { deleteIgnoringNotFound, handled, handlerFailure } from './handler-failure.js';
import { nameOrGenerated, resourceTags, retag } from './physical-names.js';
import type { Properties, ProviderCall, ResourceProvider } from './provider.js';

// ELBv2 load balancers, target groups, listeners and listener rules through the ELBv2 API. CloudFormation's property
// names are the API's (both PascalCase). Ref is each one's ARN; GetAtt values per ref cloudformation-cdk §5.2.
// createOnly properties per the types' schemas (cfn-lint aws-elasticloadbalancingv2-*.json).

type Client = ElasticLoadBalancingV2Client;
const service = 'ElasticLoadBalancingV2';

// Health-check members ModifyTargetGroup changes in place.
const healthCheck = [
  'HealthCheckEnabled',
  'HealthCheckIntervalSeconds',
  'HealthCheckPath',
  'HealthCheckPort',
  'HealthCheckProtocol',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
  'Matcher',
];

const elb = <T>(call: ProviderCall, use: (client: Client) => Promise<T>) =>
  handled(service, () => use(call.client(ElasticLoadBalancingV2Client)));
const gone = (call: ProviderCall, step: (client: Client) => Promise<unknown>) =>
  deleteIgnoringNotFound(service, () => step(call.client(ElasticLoadBalancingV2Client)));

export const elbv2ResourceTypes: Readonly<Record<string, ResourceProvider>> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    createOnly: ['Name', 'Scheme', 'Type'],
    create: (p, call) =>
      elb(call, async (client) => {
        const tags = resourceTags(p['Tags'], call.context);
        const out = await client.send(
          new CreateLoadBalancerCommand({
            ...elbv2Members(
              pick(p, ['Subnets', 'SubnetMappings', 'SecurityGroups', 'Scheme', 'Type', 'IpAddressType']),
            ),
            // Load balancer names are at most 32 characters (ref cloudformation-cdk §5.2).
            Name: nameOrGenerated(p['Name'], call, 32),
            ...(tags.length > 0 ? { Tags: tags } : {}),
          }),
        );
        const lb = out.LoadBalancers![0]!;
        await setLoadBalancerAttributes(client, lb.LoadBalancerArn!, p);
        return loadBalancerValues(lb);
      }),
    update: (arn, p, previous, call) =>
      elb(call, async (client) => {
        for (const name of ['Subnets', 'SubnetMappings', 'SecurityGroups', 'IpAddressType'])
          if (JSON.stringify(p[name]) !== JSON.stringify(previous[name]))
            throw handlerFailure(
              `berth's ELBv2 cannot change ${name} of a load balancer in place`,
              'InvalidRequest',
            );
        await setLoadBalancerAttributes(client, arn, p);
        await retagElb(client, arn, p, previous, call.context);
        const out = await client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
        return loadBalancerValues(out.LoadBalancers![0]!);
      }),
    delete: (arn, _p, call) =>
      gone(call, (client) => client.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }))),
  },

  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    createOnly: ['Name', 'Port', 'Protocol', 'ProtocolVersion', 'TargetType', 'VpcId', 'IpAddressType'],
    create: (p, call) =>
      elb(call, async (client) => {
        const tags = resourceTags(p['Tags'], call.context);
        const out = await client.send(
          new CreateTargetGroupCommand({
            ...elbv2Members(
              pick(p, [
                'Port',
                'Protocol',
                'ProtocolVersion',
                'TargetType',
                'VpcId',
                'IpAddressType',
                ...healthCheck,
              ]),
            ),
            Name: nameOrGenerated(p['Name'], call, 32),
            ...(tags.length > 0 ? { Tags: tags } : {}),
          }),
        );
        const arn = out.TargetGroups![0]!.TargetGroupArn!;
        await setTargetGroupAttributes(client, arn, p);
        await changeTargets(client, arn, p['Targets'], undefined);
        return targetGroupValues(client, arn);
      }),
    update: (arn, p, previous, call) =>
      elb(call, async (client) => {
        const changedHealth = healthCheck.filter((n) => JSON.stringify(p[n]) !== JSON.stringify(previous[n]));
        if (changedHealth.length > 0)
          await client.send(
            new ModifyTargetGroupCommand({ ...elbv2Members(pick(p, changedHealth)), TargetGroupArn: arn }),
          );
        await setTargetGroupAttributes(client, arn, p);
        await changeTargets(client, arn, p['Targets'], previous['Targets']);
        await retagElb(client, arn, p, previous, call.context);
        return targetGroupValues(client, arn);
      }),
    delete: (arn, _p, call) =>
      gone(call, (client) => client.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }))),
  },

  'AWS::ElasticLoadBalancingV2::Listener': {
    createOnly: ['LoadBalancerArn'],
    create: (p, call) =>
      elb(call, async (client) => {
        const out = await client.send(new CreateListenerCommand(elbv2Input(p) as never));
        const arn = out.Listeners![0]!.ListenerArn!;
        return { physicalId: arn, attributes: { ListenerArn: arn } };
      }),
    update: (arn, p, _previous, call) =>
      elb(call, async (client) => {
        const { LoadBalancerArn: _lb, ...rest } = p;
        await client.send(new ModifyListenerCommand({ ...elbv2Members(rest), ListenerArn: arn }));
        return { physicalId: arn, attributes: { ListenerArn: arn } };
      }),
    delete: (arn, _p, call) =>
      gone(call, (client) => client.send(new DeleteListenerCommand({ ListenerArn: arn }))),
  },

  'AWS::ElasticLoadBalancingV2::ListenerRule': {
    // berth's ELBv2 has no SetRulePriorities, so a new priority is a new rule (on AWS it changes in place).
    createOnly: ['ListenerArn', 'Priority'],
    create: (p, call) =>
      elb(call, async (client) => {
        const out = await client.send(new CreateRuleCommand(elbv2Input(p) as never));
        const rule = out.Rules![0]!;
        return {
          physicalId: rule.RuleArn!,
          attributes: { RuleArn: rule.RuleArn!, IsDefault: rule.IsDefault ?? false },
        };
      }),
    update: (arn, p, _previous, call) =>
      elb(call, async (client) => {
        const out = await client.send(
          new ModifyRuleCommand({ ...elbv2Members(pick(p, ['Conditions', 'Actions'])), RuleArn: arn }),
        );
        return {
          physicalId: arn,
          attributes: { RuleArn: arn, IsDefault: out.Rules?.[0]?.IsDefault ?? false },
        };
      }),
    delete: (arn, _p, call) => gone(call, (client) => client.send(new DeleteRuleCommand({ RuleArn: arn }))),
  },
};

function loadBalancerValues(lb: LoadBalancer): ProvisionedResource {
  const arn = lb.LoadBalancerArn!;
  return {
    physicalId: arn,
    attributes: {
      LoadBalancerArn: arn,
      DNSName: lb.DNSName ?? '',
      CanonicalHostedZoneID: lb.CanonicalHostedZoneId ?? '',
      // `app/<name>/<id>`: the ARN after `loadbalancer/` (ref cloudformation-cdk §5.2).
      LoadBalancerFullName: arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length),
      LoadBalancerName: lb.LoadBalancerName ?? '',
      SecurityGroups: lb.SecurityGroups ?? [],
    },
  };
}

async function targetGroupValues(client: Client, arn: string): Promise<ProvisionedResource> {
  const out = await client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }));
  const group = out.TargetGroups![0]!;
  return {
    physicalId: arn,
    attributes: {
      TargetGroupArn: arn,
      // `targetgroup/<name>/<id>` (ref cloudformation-cdk §5.2).
      TargetGroupFullName: arn.slice(arn.indexOf(':targetgroup/') + 1),
      TargetGroupName: group.TargetGroupName ?? '',
      LoadBalancerArns: group.LoadBalancerArns ?? [],
    },
  };
}

async function setLoadBalancerAttributes(client: Client, arn: string, p: Properties): Promise<void> {
  const attributes = keyValues(p['LoadBalancerAttributes']);
  if (attributes.length > 0)
    await client.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: attributes }),
    );
}

async function setTargetGroupAttributes(client: Client, arn: string, p: Properties): Promise<void> {
  const attributes = keyValues(p['TargetGroupAttributes']);
  if (attributes.length > 0)
    await client.send(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: attributes }),
    );
}

/** The template's Targets, registered; those dropped from it, deregistered. */
async function changeTargets(client: Client, arn: string, now: unknown, before: unknown): Promise<void> {
  const targets = (value: unknown) =>
    (elbv2Input({ Targets: value ?? [] }) as { Targets: { Id: string }[] }).Targets;
  const key = (t: object) => JSON.stringify(t);
  const wanted = targets(now);
  const dropped = targets(before).filter((t) => !wanted.some((w) => key(w) === key(t)));
  if (dropped.length > 0)
    await client.send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: dropped }));
  if (wanted.length > 0)
    await client.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: wanted }));
}

function retagElb(
  client: Client,
  arn: string,
  p: Properties,
  previous: Properties,
  context: ProvisionContext,
) {
  return retag(p['Tags'], previous['Tags'], context, {
    remove: (keys) => client.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: keys })),
    set: (tags) => client.send(new AddTagsCommand({ ResourceArns: [arn], Tags: tags })),
  });
}
