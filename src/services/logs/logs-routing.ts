import type { JsonServiceRouting } from '../../aws/index.js';

/** How requests reach CloudWatch Logs (AWS JSON 1.1, target prefix `Logs_20140328`), ref ecs-services-elb-logs §7.1. */
export const logsRouting = {
  name: 'logs',
  signingName: 'logs',
  protocol: 'aws-json',
  targetPrefix: 'Logs_20140328',
  errorMessageMember: 'message',
} as const satisfies JsonServiceRouting;
