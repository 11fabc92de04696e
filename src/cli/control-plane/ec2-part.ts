import { once } from '../../engines/concurrency/index.js';
import { ec2Routing } from '../../services/ec2/ec2-routing.js';
import { networkRecordsPort } from './ecs-part.js';
import { lazyService, type Part, provide } from './part.js';

/**
 * EC2's network records, providing ECS's network-records port (the subnets and security groups a task names are
 * EC2's records as they are). The service loads on EC2's first request or the port's first need; nothing runs at
 * start.
 */
export function ec2Part(): Part {
  return {
    name: 'ec2',
    provides: [networkRecordsPort],
    build({ deps }) {
      const load = once(async () => (await import('../../services/ec2/index.js')).createEc2Service(deps));
      return {
        services: [lazyService(ec2Routing, async () => (await load()).definition)],
        provides: [provide(networkRecordsPort, async () => (await load()).records)],
      };
    },
  };
}
