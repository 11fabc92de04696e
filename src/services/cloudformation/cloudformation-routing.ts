import type { QueryServiceRouting } from '../../aws/index.js';

/**
 * How requests reach CloudFormation (AWS Query, Version 2010-05-15, signing name `cloudformation`), ref
 * cloudformation-cdk §1.2, §4.1.
 */
export const cloudformationRouting = {
  name: 'cloudformation',
  signingName: 'cloudformation',
  actionPrefix: 'cloudformation',
  protocol: 'aws-query',
  version: '2010-05-15',
  xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
} as const satisfies QueryServiceRouting;
