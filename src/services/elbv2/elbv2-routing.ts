import type { QueryServiceRouting } from '../../aws/index.js';

/**
 * How requests reach ELBv2 (AWS Query, Version 2015-12-01, signing name `elasticloadbalancing`; the namespace is
 * http, not https), ref ecs-services-elb-logs §4.1.
 */
export const elbv2Routing = {
  name: 'elbv2',
  signingName: 'elasticloadbalancing',
  actionPrefix: 'elasticloadbalancing',
  protocol: 'aws-query',
  version: '2015-12-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
} as const satisfies QueryServiceRouting;
