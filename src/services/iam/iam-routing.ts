import type { QueryServiceRouting } from '../../aws/index.js';

/** How requests reach IAM (AWS Query, Version 2010-05-08, signing name `iam`), ref aws-iam-and-protocols §4.5. */
export const iamRouting = {
  name: 'iam',
  signingName: 'iam',
  actionPrefix: 'iam',
  protocol: 'aws-query',
  version: '2010-05-08',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
} as const satisfies QueryServiceRouting;
