import type { JsonServiceRouting } from '../../aws/index.js';

/** How requests reach ECS (AWS JSON 1.1, target prefix `AmazonEC2ContainerServiceV20141113`, signing name `ecs`). */
export const ecsRouting = {
  name: 'ecs',
  signingName: 'ecs',
  actionPrefix: 'ecs',
  protocol: 'aws-json',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  errorMessageMember: 'message',
} as const satisfies JsonServiceRouting;
