// ReplaceRoute (Terraform's aws_route and berth's CloudFormation provider change a route's target in place) and
// DescribeNetworkInterfaces (Terraform's aws_lb delete waits for the load balancer's interfaces to go: berth keeps
// no ENI records, so the set is empty), in process through the SDK, with EC2's error codes (ref cloudformation-cdk §7).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  ReplaceRouteCommand,
} from '@aws-sdk/client-ec2';
import { ec2Harness } from '../../testing/ec2-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

test('ReplaceRoute gives a route a new target in its place; a missing route or the local one is refused', async () => {
  const { ec2 } = ec2Harness();
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  const endpoint = (
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: 'Gateway',
        ServiceName: 'com.amazonaws.us-east-1.s3',
      }),
    )
  ).VpcEndpoint!.VpcEndpointId!;
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: table,
      DestinationCidrBlock: '0.0.0.0/0',
      VpcEndpointId: endpoint,
    }),
  );
  await ec2.send(
    new ReplaceRouteCommand({ RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }),
  );
  const routes = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table] }))).RouteTables![0]!
    .Routes!;
  assert.deepEqual(
    routes.map((r) => [r.DestinationCidrBlock, r.GatewayId, r.Origin]),
    [
      ['10.2.0.0/16', 'local', 'CreateRouteTable'],
      ['0.0.0.0/0', igw, 'CreateRoute'],
    ],
  );
  assert.deepEqual(
    await sdkError(
      ec2.send(
        new ReplaceRouteCommand({ RouteTableId: table, DestinationCidrBlock: '10.9.0.0/16', GatewayId: igw }),
      ),
    ),
    {
      name: 'InvalidParameterValue',
      message: "There is no route defined for '10.9.0.0/16' in the route table. Use CreateRoute instead.",
      status: 400,
    },
  );
  const local = await sdkError(
    ec2.send(
      new ReplaceRouteCommand({ RouteTableId: table, DestinationCidrBlock: '10.2.0.0/16', GatewayId: igw }),
    ),
  );
  assert.equal(local.name, 'InvalidParameterValue');
  const unknownTarget = await sdkError(
    ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: table,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: 'nat-00000000000000000',
      }),
    ),
  );
  assert.equal(unknownTarget.name, 'NatGatewayNotFound');
  // Refusals change nothing.
  const after = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table] }))).RouteTables![0]!;
  assert.deepEqual(
    after.Routes!.map((r) => r.GatewayId),
    ['local', igw],
  );
});

test('DescribeNetworkInterfaces: no interfaces, whatever the filters; unknown filter names and ids refused', async () => {
  const { ec2 } = ec2Harness();
  const listed = await ec2.send(
    new DescribeNetworkInterfacesCommand({
      Filters: [
        { Name: 'description', Values: ['ELB app/web/*'] },
        { Name: 'vpc-id', Values: ['vpc-00000000000000000'] },
        { Name: 'subnet-id', Values: ['subnet-00000000000000000'] },
        { Name: 'attachment.instance-owner-id', Values: ['amazon-elb'] },
        { Name: 'network-interface-id', Values: ['eni-*'] },
      ],
    }),
  );
  assert.deepEqual(listed.NetworkInterfaces, []);
  assert.deepEqual(
    (await ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: 5 }))).NetworkInterfaces,
    [],
  );
  assert.deepEqual(
    await sdkError(
      ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })),
    ),
    { name: 'InvalidParameterValue', message: "The filter 'colour' is invalid", status: 400 },
  );
  assert.deepEqual(
    await sdkError(
      ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-00000000000000000'] })),
    ),
    {
      name: 'InvalidNetworkInterfaceID.NotFound',
      message: "The networkInterface ID 'eni-00000000000000000' does not exist",
      status: 400,
    },
  );
});
