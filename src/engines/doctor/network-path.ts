import { Unknown } from '../cloudformation/index.js';
import type { Chain } from './chain.js';
import type { SubnetNode } from './chain-model.js';
import { ecsTexts } from './ecs-texts.js';
import { imageHost } from './image-host.js';
import type { Verdict } from './rule.js';

/**
 * C13 (ref peers-and-misconfigurations §C13): a Fargate task reaches Secrets Manager and its registry through a NAT
 * gateway, through an internet gateway with a public IP, or through VPC endpoints — `secretsmanager` for the secret,
 * and for ECR `ecr.api`, `ecr.dkr` and the S3 gateway. A Secrets Manager endpoint alone does not reach Docker Hub.
 */
export function networkProblem(chain: Chain): Verdict | Unknown | undefined {
  const needsSecret = chain.task.containers.some((c) => c.credentialsParameter !== undefined);
  const images = chain.task.containers.map((c) => c.image);
  for (const path of chain.task.networks) {
    if (path.assignPublicIp instanceof Unknown) return path.assignPublicIp;
    for (const subnet of path.subnets) {
      if (subnet instanceof Unknown) return subnet;
      if (subnet.defaultRoute instanceof Unknown) return subnet.defaultRoute;
      const internet =
        subnet.defaultRoute === 'nat' || (subnet.defaultRoute === 'internet-gateway' && path.assignPublicIp);
      if (internet) continue;
      const missing: string[] = [];
      if (needsSecret && !subnet.endpoints.includes('secretsmanager')) missing.push('Secrets Manager');
      for (const image of images) {
        if (image instanceof Unknown) return image;
        if (!reachesRegistry(image, subnet)) missing.push(`the registry of ${image}`);
      }
      if (missing.length === 0) continue;
      return {
        why: `${path.name}: subnet ${subnet.id} has ${routeWords(subnet, path.assignPublicIp)}, so the task cannot reach ${missing.join(' or ')}`,
        ecs: needsSecret
          ? ecsTexts.networkTimeout('<credentialsParameter>')
          : `CannotPullContainerError: … dial tcp …:443: i/o timeout`,
        fix:
          subnet.defaultRoute === 'internet-gateway'
            ? 'set assignPublicIp to ENABLED in the awsvpc configuration, or run the task in a private subnet with a NAT gateway'
            : 'route 0.0.0.0/0 through a NAT gateway, or add VPC interface endpoints (secretsmanager; for ECR ecr.api, ecr.dkr and the S3 gateway)',
      };
    }
  }
  return undefined;
}

function reachesRegistry(image: string, subnet: SubnetNode): boolean {
  if (imageHost(image).kind !== 'ecr') return false;
  return ['ecr.api', 'ecr.dkr', 's3'].every((service) => subnet.endpoints.includes(service));
}

function routeWords(subnet: SubnetNode, publicIp: boolean): string {
  if (subnet.defaultRoute === 'internet-gateway')
    return publicIp ? 'a public route' : 'a route to an internet gateway but the task gets no public IP';
  return 'no route to the internet (no NAT gateway)';
}
