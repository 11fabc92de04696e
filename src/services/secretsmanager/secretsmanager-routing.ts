import type { JsonServiceRouting } from '../../aws/index.js';

/**
 * How requests reach Secrets Manager (AWS JSON 1.1, target prefix `secretsmanager`), ref aws-iam-and-protocols §4.3.
 * Its SigV4 clock-skew window is 5 minutes, not 15 (ref aws-iam-and-protocols §3.3 step 6: "… - 5 min." in
 * boto/boto3#4716).
 */
export const secretsManagerRouting = {
  name: 'secretsmanager',
  signingName: 'secretsmanager',
  protocol: 'aws-json',
  targetPrefix: 'secretsmanager',
  errorMessageMember: 'Message',
  clockSkewMinutes: 5,
} as const satisfies JsonServiceRouting;
