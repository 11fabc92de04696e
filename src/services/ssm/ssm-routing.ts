import type { JsonServiceRouting } from '../../aws/index.js';

/**
 * How requests reach SSM (AWS JSON 1.1, target prefix `AmazonSSM`, signing name `ssm`): ref cloudformation-cdk §1.3
 * (`X-Amz-Target: AmazonSSM.GetParameter`, observed from the CDK CLI). Its modelled errors carry `message`.
 */
export const ssmRouting = {
  name: 'ssm',
  signingName: 'ssm',
  protocol: 'aws-json',
  targetPrefix: 'AmazonSSM',
  errorMessageMember: 'message',
} as const satisfies JsonServiceRouting;
