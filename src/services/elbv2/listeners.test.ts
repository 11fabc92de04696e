// ELBv2's listeners, rules, targets and tags in process over the SDK (ref ecs-services-elb-logs §4.4–§4.6), on a
// data plane that records what it is asked: ports claimed before a listener is stored, the model it is handed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  RemoveTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Harness, RecordingDataPlane } from '../../testing/elbv2-fixtures.js';

async function refusal(promise: Promise<unknown>): Promise<[string, string]> {
  try {
    await promise;
  } catch (error) {
    return [(error as Error).name, (error as Error).message];
  }
  assert.fail('the call succeeded');
}

async function world(dataPlane = new RecordingDataPlane()) {
  const { elb } = elbv2Harness(dataPlane);
  const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'web' }))).LoadBalancers![0]!
    .LoadBalancerArn!;
  const tgArn = (
    await elb.send(
      new CreateTargetGroupCommand({ Name: 'app', Protocol: 'HTTP', Port: 8080, TargetType: 'ip' }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  const forward = [{ Type: 'forward' as const, TargetGroupArn: tgArn }];
  return { elb, dataPlane, lbArn, tgArn, forward };
}

test('CreateListener claims its port first, forwards by default; DuplicateListener; the model lists it with its default rule', async () => {
  const { elb, dataPlane, lbArn, tgArn, forward } = await world();
  const listener = (
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: 8081,
        DefaultActions: forward,
      }),
    )
  ).Listeners![0]!;
  assert.match(
    listener.ListenerArn!,
    /^arn:aws:elasticloadbalancing:us-east-1:000000000000:listener\/app\/web\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
  );
  assert.equal(listener.DefaultActions![0]!.TargetGroupArn, tgArn);
  assert.deepEqual(dataPlane.claims, [8081]);
  assert.equal(dataPlane.model.listeners.length, 1);
  assert.deepEqual(dataPlane.model.listeners[0]!.rules, [
    { conditions: [], action: { type: 'forward', targetGroups: [{ arn: tgArn, weight: 1 }] } },
  ]);
  assert.deepEqual(
    dataPlane.model.targetGroups.map((g) => g.arn),
    [tgArn],
  );
  assert.deepEqual(
    await refusal(
      elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 8081,
          DefaultActions: forward,
        }),
      ),
    ),
    ['DuplicateListenerException', 'A listener with the specified port already exists.'],
  );
  const tg = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] })))
    .TargetGroups![0]!;
  assert.deepEqual(tg.LoadBalancerArns, [lbArn]);
  assert.deepEqual(await refusal(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }))), [
    'ResourceInUseException',
    `Target group '${tgArn}' is currently in use by a listener or a rule`,
  ]);
});

test('a port the host refuses is refused by the API with the reason, and nothing is stored', async () => {
  const dataPlane = new RecordingDataPlane();
  dataPlane.taken.add(8082);
  const { elb, lbArn, forward } = await world(dataPlane);
  assert.deepEqual(
    await refusal(
      elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 8082,
          DefaultActions: forward,
        }),
      ),
    ),
    [
      'InvalidConfigurationRequestException',
      'berth cannot listen on 127.0.0.1:8082 for this listener: the port is in use by another process',
    ],
  );
  assert.deepEqual((await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners, []);
});

test('listener errors: unknown load balancer, unknown target group, HTTPS, an incomplete action', async () => {
  const { elb, lbArn, tgArn, forward } = await world();
  assert.deepEqual(
    await refusal(
      elb.send(
        new CreateListenerCommand({ LoadBalancerArn: `${lbArn}0`, Port: 80, DefaultActions: forward }),
      ),
    ),
    ['LoadBalancerNotFoundException', 'One or more load balancers not found'],
  );
  assert.deepEqual(
    await refusal(
      elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: `${tgArn}0` }],
        }),
      ),
    ),
    ['TargetGroupNotFoundException', 'One or more target groups not found'],
  );
  assert.equal(
    (
      await refusal(
        elb.send(
          new CreateListenerCommand({
            LoadBalancerArn: lbArn,
            Protocol: 'HTTPS',
            Port: 443,
            DefaultActions: forward,
          }),
        ),
      )
    )[0],
    'InvalidConfigurationRequestException',
  );
  assert.equal(
    (
      await refusal(
        elb.send(
          new CreateListenerCommand({
            LoadBalancerArn: lbArn,
            Protocol: 'TCP',
            Port: 80,
            DefaultActions: forward,
          }),
        ),
      )
    )[0],
    'IncompatibleProtocolsException',
  );
  assert.deepEqual(
    await refusal(
      elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Port: 80,
          DefaultActions: [{ Type: 'forward' }],
        }),
      ),
    ),
    ['ValidationError', 'A target group ARN must be specified for a forward action'],
  );
  assert.deepEqual(
    await refusal(
      elb.send(
        new DeleteListenerCommand({
          ListenerArn: `${lbArn.replace(':loadbalancer/', ':listener/')}/0123456789abcdef`,
        }),
      ),
    ),
    ['ListenerNotFoundException', 'The specified listener does not exist.'],
  );
});

test('fixed-response and redirect default actions; ModifyListener moves the port; DeleteListener and DeleteLoadBalancer empty the model', async () => {
  const { elb, dataPlane, lbArn } = await world();
  const fixed = {
    Type: 'fixed-response' as const,
    FixedResponseConfig: {
      StatusCode: '404',
      ContentType: 'text/plain' as const,
      MessageBody: 'nothing here',
    },
  };
  const listener = (
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Port: 8083, DefaultActions: [fixed] }))
  ).Listeners![0]!;
  assert.deepEqual(listener.DefaultActions![0]!.FixedResponseConfig, fixed.FixedResponseConfig);
  const redirect = {
    Type: 'redirect' as const,
    RedirectConfig: { StatusCode: 'HTTP_301' as const, Host: 'example.com' },
  };
  const moved = (
    await elb.send(
      new ModifyListenerCommand({
        ListenerArn: listener.ListenerArn,
        Port: 8084,
        DefaultActions: [redirect],
      }),
    )
  ).Listeners![0]!;
  assert.equal(moved.Port, 8084);
  assert.deepEqual(moved.DefaultActions![0]!.RedirectConfig, {
    Protocol: '#{protocol}',
    Port: '#{port}',
    Host: 'example.com',
    Path: '/#{path}',
    Query: '#{query}',
    StatusCode: 'HTTP_301',
  });
  assert.deepEqual(dataPlane.claims, [8083, 8084]);
  assert.deepEqual(
    dataPlane.model.listeners.map((l) => l.port),
    [8084],
  );
  await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Port: 8085, DefaultActions: [fixed] }));
  await elb.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
  assert.deepEqual(
    dataPlane.model.listeners.map((l) => l.port),
    [8085],
  );
  await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
  assert.deepEqual(dataPlane.model, { listeners: [], targetGroups: [] });
});

test('rules: priorities, path-pattern and host-header conditions, the default rule listed last, PriorityInUse, RuleNotFound', async () => {
  const { elb, dataPlane, lbArn, tgArn, forward } = await world();
  const listenerArn = (
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Port: 8086, DefaultActions: forward }))
  ).Listeners![0]!.ListenerArn!;
  const fixed = (body: string) => [
    { Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '200', MessageBody: body } },
  ];
  const api = (
    await elb.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 20,
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
        Actions: fixed('api'),
      }),
    )
  ).Rules![0]!;
  assert.match(api.RuleArn!, /:listener-rule\/app\/web\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
  assert.equal(api.Priority, '20');
  assert.deepEqual(api.Conditions, [
    { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } },
  ]);
  await elb.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 10,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } }],
      Actions: fixed('host'),
    }),
  );
  assert.deepEqual(
    await refusal(
      elb.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 10,
          Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
          Actions: fixed('x'),
        }),
      ),
    ),
    ['PriorityInUseException', 'The specified priority is in use.'],
  );
  const rules = (await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
  assert.deepEqual(
    rules.map((r) => [r.Priority, r.IsDefault]),
    [
      ['10', false],
      ['20', false],
      ['default', true],
    ],
  );
  assert.deepEqual(rules[2]!.Conditions, []);
  assert.deepEqual(
    dataPlane.model.listeners[0]!.rules.map((r) => r.conditions.map((c) => c.field)),
    [['host-header'], ['path-pattern'], []],
  );
  await elb.send(
    new ModifyRuleCommand({
      RuleArn: api.RuleArn,
      Conditions: [{ Field: 'path-pattern', Values: ['/v2/*'] }],
    }),
  );
  assert.deepEqual(dataPlane.model.listeners[0]!.rules[1]!.conditions, [
    { field: 'path-pattern', values: ['/v2/*'] },
  ]);
  assert.deepEqual(await refusal(elb.send(new DeleteRuleCommand({ RuleArn: rules[2]!.RuleArn }))), [
    'OperationNotPermittedException',
    'A default rule cannot be deleted',
  ]);
  await elb.send(new ModifyRuleCommand({ RuleArn: rules[2]!.RuleArn, Actions: fixed('default') }));
  assert.equal(
    (await elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))).Listeners![0]!
      .DefaultActions![0]!.Type,
    'fixed-response',
  );
  await elb.send(new DeleteRuleCommand({ RuleArn: api.RuleArn }));
  assert.deepEqual(await refusal(elb.send(new DeleteRuleCommand({ RuleArn: api.RuleArn }))), [
    'RuleNotFoundException',
    'One or more rules not found',
  ]);
  assert.equal(
    (
      await refusal(
        elb.send(
          new CreateRuleCommand({
            ListenerArn: listenerArn,
            Priority: 30,
            Conditions: [{ Field: 'source-ip', Values: ['10.0.0.0/8'] }],
            Actions: fixed('ip'),
          }),
        ),
      )
    )[0],
    'ValidationError',
  );
  assert.ok(tgArn);
});

test('tags on load balancers, target groups and listeners: add, replace, remove, describe; unknown resources', async () => {
  const { elb, lbArn, tgArn, forward } = await world();
  const listenerArn = (
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Port: 8087,
        DefaultActions: forward,
        Tags: [{ Key: 'l', Value: '1' }],
      }),
    )
  ).Listeners![0]!.ListenerArn!;
  await elb.send(
    new AddTagsCommand({
      ResourceArns: [lbArn, tgArn],
      Tags: [
        { Key: 'team', Value: 'a' },
        { Key: 'env', Value: 'dev' },
      ],
    }),
  );
  await elb.send(new AddTagsCommand({ ResourceArns: [lbArn], Tags: [{ Key: 'team', Value: 'b' }] }));
  await elb.send(new RemoveTagsCommand({ ResourceArns: [tgArn], TagKeys: ['env'] }));
  const described = (await elb.send(new DescribeTagsCommand({ ResourceArns: [lbArn, tgArn, listenerArn] })))
    .TagDescriptions!;
  assert.deepEqual(
    described.map((d) => [d.ResourceArn, d.Tags]),
    [
      [
        lbArn,
        [
          { Key: 'env', Value: 'dev' },
          { Key: 'team', Value: 'b' },
        ],
      ],
      [tgArn, [{ Key: 'team', Value: 'a' }]],
      [listenerArn, [{ Key: 'l', Value: '1' }]],
    ],
  );
  assert.deepEqual(await refusal(elb.send(new DescribeTagsCommand({ ResourceArns: [`${tgArn}0`] }))), [
    'TargetGroupNotFoundException',
    'One or more target groups not found',
  ]);
});

test('a tag with a Key and no Value (optional in ELBv2): CreateLoadBalancer and AddTags store it with the value ""', async () => {
  const { elb, tgArn } = await world();
  const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bare', Tags: [{ Key: 'keyonly' }] })))
    .LoadBalancers![0]!.LoadBalancerArn!;
  await elb.send(new AddTagsCommand({ ResourceArns: [lbArn, tgArn], Tags: [{ Key: 'flag' }] }));
  const described = (await elb.send(new DescribeTagsCommand({ ResourceArns: [lbArn, tgArn] })))
    .TagDescriptions!;
  assert.deepEqual(
    described.map((d) => d.Tags),
    [
      [
        { Key: 'keyonly', Value: '' },
        { Key: 'flag', Value: '' },
      ],
      [{ Key: 'flag', Value: '' }],
    ],
  );
  // The Key stays required.
  assert.equal(
    (
      await refusal(elb.send(new AddTagsCommand({ ResourceArns: [lbArn], Tags: [{ Value: 'v' } as never] })))
    )[0],
    'ValidationError',
  );
});
