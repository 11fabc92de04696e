import type { JsonServiceRouting } from '../../aws/index.js';

/**
 * How requests reach ECR's API (AWS JSON 1.1, target prefix `AmazonEC2ContainerRegistry_V20150921`, signing name
 * `ecr`, errors with the lower-case `message` member): ref ecr §1.1.
 */
export const ecrRouting = {
  name: 'ecr',
  signingName: 'ecr',
  actionPrefix: 'ecr',
  protocol: 'aws-json',
  targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
  errorMessageMember: 'message',
} as const satisfies JsonServiceRouting;
