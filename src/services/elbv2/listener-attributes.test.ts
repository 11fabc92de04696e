// ALB listener attributes (ELBv2 API reference, ListenerAttribute; Terraform's aws_lb_listener reads them): defaults
// as DescribeListenerAttributes shows a listener never modified, changes kept, keys an ALB listener does not have
// refused as the other attribute operations refuse them (ref ecs-services-elb-logs §4.3, §4.4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  DescribeListenerAttributesCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Authorizer } from '../../aws/index.js';
import { elbv2Part } from '../../cli/control-plane/elbv2-part.js';
import { controlPlaneHarness } from '../../testing/control-plane-harness.js';
import { RecordingDataPlane } from '../../testing/elbv2-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

async function world() {
  const asked: Array<{ action: string; resource: string }> = [];
  const recording = (iam: Authorizer): Authorizer => ({
    async authorize(ctx, request) {
      asked.push({ action: request.action, resource: request.resource });
      await iam.authorize(ctx, request);
    },
  });
  const dataPlane = new RecordingDataPlane();
  const h = controlPlaneHarness({
    parts: [elbv2Part({ dataPlane: () => dataPlane })],
    authorizer: recording,
  });
  const elb = h.client(ElasticLoadBalancingV2Client);
  const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'web' }))).LoadBalancers![0]!
    .LoadBalancerArn!;
  const listenerArn = (
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: 8081,
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '204' } }],
      }),
    )
  ).Listeners![0]!.ListenerArn!;
  return { elb, asked, listenerArn };
}

const attribute = (attributes: { Key?: string; Value?: string }[] | undefined, key: string) =>
  attributes?.find((a) => a.Key === key)?.Value;

test('a new listener: the server header on, no header renamed or added; a change is kept and shown', async () => {
  const { elb, asked, listenerArn } = await world();
  const before = (await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn })))
    .Attributes;
  assert.equal(attribute(before, 'routing.http.response.server.enabled'), 'true');
  assert.equal(attribute(before, 'routing.http.response.x_frame_options.header_value') ?? '', '');
  assert.equal(attribute(before, 'routing.http.request.x_amzn_tls_version.header_name') ?? '', '');
  assert.equal(before?.length, 19);
  assert.equal(attribute(before, 'tcp.idle_timeout.seconds'), undefined);
  const modified = await elb.send(
    new ModifyListenerAttributesCommand({
      ListenerArn: listenerArn,
      Attributes: [
        { Key: 'routing.http.response.server.enabled', Value: 'false' },
        { Key: 'routing.http.response.x_frame_options.header_value', Value: 'SAMEORIGIN' },
      ],
    }),
  );
  assert.equal(attribute(modified.Attributes, 'routing.http.response.server.enabled'), 'false');
  const after = (await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn })))
    .Attributes;
  assert.equal(attribute(after, 'routing.http.response.server.enabled'), 'false');
  assert.equal(attribute(after, 'routing.http.response.x_frame_options.header_value'), 'SAMEORIGIN');
  // Each asks for its own action on the listener.
  assert.deepEqual(
    asked.filter((a) => a.action.endsWith('ListenerAttributes')),
    [
      { action: 'elasticloadbalancing:DescribeListenerAttributes', resource: listenerArn },
      { action: 'elasticloadbalancing:ModifyListenerAttributes', resource: listenerArn },
      { action: 'elasticloadbalancing:DescribeListenerAttributes', resource: listenerArn },
    ],
  );
});

test('refusals: a key ALB listeners do not have, a bad value, an unknown listener; nothing changes', async () => {
  const { elb, listenerArn } = await world();
  const modify = (Key: string, Value: string, ListenerArn = listenerArn) =>
    sdkError(elb.send(new ModifyListenerAttributesCommand({ ListenerArn, Attributes: [{ Key, Value }] })));
  assert.deepEqual(await modify('tcp.idle_timeout.seconds', '400'), {
    name: 'ValidationError',
    message: "Listener attribute key 'tcp.idle_timeout.seconds' is not recognized",
    status: 400,
  });
  assert.deepEqual(await modify('routing.http.response.server.enabled', 'maybe'), {
    name: 'InvalidConfigurationRequestException',
    message: "'routing.http.response.server.enabled' value 'maybe' is not valid",
    status: 400,
  });
  assert.equal(
    (await modify('routing.http.response.server.enabled', 'false', `${listenerArn.slice(0, -4)}0000`)).name,
    'ListenerNotFoundException',
  );
  const attributes = (await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn })))
    .Attributes;
  assert.equal(attribute(attributes, 'routing.http.response.server.enabled'), 'true');
});
