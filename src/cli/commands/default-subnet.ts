// The subnet an awsvpc task gets when its user names none (`berth run`, `berth demo`), asked of EC2 as any client
// would. Loaded only by the commands' implementations: the SDK is too heavy for every `berth` start.
import { DescribeSubnetsCommand, type EC2Client } from '@aws-sdk/client-ec2';

/**
 * The default VPC's default subnet of the first Availability Zone: what a new AWS account offers and what ECS checks
 * a task's subnets against (made-up ids are refused, as on AWS). Security groups are left to ECS, whose default is
 * the VPC's default group. Undefined when the account has no default subnet.
 */
export async function defaultSubnet(ec2: EC2Client, signal?: AbortSignal): Promise<string | undefined> {
  const { Subnets = [] } = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
    signal ? { abortSignal: signal } : {},
  );
  const first = Subnets.filter((s) => s.SubnetId !== undefined).sort((a, b) =>
    (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''),
  )[0];
  return first?.SubnetId;
}
