import { once } from '../../engines/concurrency/index.js';
import { ec2Routing } from '../../services/ec2/ec2-routing.js';
import { lazyService, type Part } from './part.js';

/**
 * EC2's network records. The service loads on EC2's first request; nothing listens, nothing runs at start.
 */
export function ec2Part(): Part {
  return {
    name: 'ec2',
    build({ deps }) {
      const load = once(async () => (await import('../../services/ec2/index.js')).createEc2Service(deps));
      return { services: [lazyService(ec2Routing, async () => (await load()).definition)] };
    },
  };
}
