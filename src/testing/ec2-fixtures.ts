// EC2 tests' view of the control-plane harness: the EC2 part beside IAM/STS (for callers with policies).
import { EC2Client } from '@aws-sdk/client-ec2';
import { ec2Part, iamStsPart } from '../cli/control-plane/index.js';
import { controlPlaneHarness } from './control-plane-harness.js';

export function ec2Harness() {
  const h = controlPlaneHarness({ parts: [iamStsPart, ec2Part()] });
  return { ...h, ec2: h.client(EC2Client) };
}
