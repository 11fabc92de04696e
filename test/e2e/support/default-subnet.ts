// The default VPC's first default subnet of a running berth, for tests that run awsvpc tasks: ECS checks a task's
// subnets against EC2's records, so a made-up id is refused as on AWS.
import { EC2Client } from '@aws-sdk/client-ec2';
import { defaultSubnet } from '../../../src/cli/commands/default-subnet.js';

export async function defaultSubnetOf(config: {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<string> {
  const ec2 = new EC2Client(config);
  try {
    const subnet = await defaultSubnet(ec2);
    if (subnet === undefined) throw new Error('berth has no default subnet');
    return subnet;
  } finally {
    ec2.destroy();
  }
}
