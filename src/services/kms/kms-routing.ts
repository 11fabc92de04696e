import type { JsonServiceRouting } from '../../aws/index.js';

/** How requests reach KMS (AWS JSON 1.1, target prefix `TrentService`), ref aws-iam-and-protocols §4.4. */
export const kmsRouting = {
  name: 'kms',
  signingName: 'kms',
  protocol: 'aws-json',
  targetPrefix: 'TrentService',
  errorMessageMember: 'message',
} as const satisfies JsonServiceRouting;
