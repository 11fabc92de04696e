import type { QueryServiceRouting } from '../../aws/index.js';

/** How requests reach STS (AWS Query, Version 2011-06-15, signing name `sts`), ref aws-iam-and-protocols §4.6. */
export const stsRouting = {
  name: 'sts',
  signingName: 'sts',
  actionPrefix: 'sts',
  protocol: 'aws-query',
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
} as const satisfies QueryServiceRouting;
