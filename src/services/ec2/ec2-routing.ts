import type { QueryServiceRouting } from '../../aws/index.js';

/**
 * How requests reach EC2 (its Query dialect `aws.protocols#ec2Query`, Version 2016-11-15, signing name `ec2`), ref
 * cloudformation-cdk §1.2: answers without a Result wrapper and errors as `<Response><Errors>`.
 */
export const ec2Routing = {
  name: 'ec2',
  signingName: 'ec2',
  protocol: 'ec2',
  version: '2016-11-15',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
} as const satisfies QueryServiceRouting;
