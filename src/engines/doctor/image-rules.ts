/** The rows about the image and its registry: C12, C16, C17, and C11's live login (ref peers-and-misconfigurations §C). */
import { Unknown } from '../cloudformation/index.js';
import type { Chain } from './chain.js';
import { ecsTexts } from './ecs-texts.js';
import { imageHost } from './image-host.js';
import type { DoctorRule } from './rule.js';

function knownImage(chain: Chain): string | Unknown {
  return chain.container.image;
}

export const imageCredentialsRule: DoctorRule = {
  code: 'C12',
  severity: 'error',
  scope: 'container',
  title: 'credentials on an ECR image, or a private image without credentials',
  check: (chain) => {
    const image = knownImage(chain);
    if (image instanceof Unknown) return chain.credentials() === undefined ? undefined : image;
    const host = imageHost(image);
    if (host.kind === 'ecr' && chain.credentials() !== undefined) {
      return {
        why: `${image} is in Amazon ECR, which ECS pulls with the execution role's ecr: permissions, never with repositoryCredentials`,
        ecs: `ClientException: ${ecsTexts.credentialsOnEcrImage}`,
        fix: 'remove repositoryCredentials from this container and give the execution role AmazonECSTaskExecutionRolePolicy',
      };
    }
    const refused = chain.container.anonymousPull;
    if (refused !== undefined && refused.outcome !== 'ok' && chain.credentials() === undefined) {
      return {
        why: `the registry refused an anonymous pull of ${image} (${refused.detail}): the repository is private and the container has no repositoryCredentials`,
        ecs: ecsTexts.anonymousToken(image),
        fix: 'add repositoryCredentials.credentialsParameter with the ARN of a secret {"username","password"} for the registry',
      };
    }
    if (host.kind === 'other' && chain.credentials() === undefined) {
      return {
        severity: 'warning',
        why: `${image} is on ${host.host} and the container has no repositoryCredentials: if the repository is private, the pull fails`,
        ecs: ecsTexts.anonymousToken(image),
        fix: 'add repositoryCredentials.credentialsParameter with the ARN of a secret {"username","password"} for the registry',
      };
    }
    return undefined;
  },
};

export const dockerHubRule: DoctorRule = {
  code: 'C16',
  severity: 'warning',
  scope: 'container',
  title: 'anonymous Docker Hub pull',
  check: (chain) => {
    const image = knownImage(chain);
    if (
      image instanceof Unknown ||
      chain.credentials() !== undefined ||
      imageHost(image).kind !== 'docker-hub'
    )
      return undefined;
    return {
      why: `${image} is pulled from Docker Hub anonymously, which has the lowest pull rate limit (per shared NAT address)`,
      ecs: ecsTexts.rateLimited,
      fix: 'add repositoryCredentials with a Docker Hub access token, or pull from a mirror (ECR pull-through cache)',
    };
  },
};

export const privateRegistryRule: DoctorRule = {
  code: 'C17',
  severity: 'warning',
  scope: 'container',
  title: 'private registry host on Fargate',
  check: (chain) => {
    const image = knownImage(chain);
    if (image instanceof Unknown || !chain.task.fargate) return undefined;
    const host = imageHost(image);
    if (host.kind !== 'other' || !host.privateName) return undefined;
    return {
      why: `${host.host} is a private name or address, so its certificate is likely from a private CA or self-signed, which Fargate cannot be told to trust`,
      ecs: ecsTexts.untrustedCertificate(host.host),
      fix: 'serve the registry with a certificate from a public CA under a public DNS name (or run the task on EC2 with the CA installed)',
    };
  },
};

export const registryLoginRule: DoctorRule = {
  code: 'C11',
  severity: 'error',
  scope: 'container',
  title: "the registry refuses the secret's credentials",
  check: (chain) => {
    const login = chain.container.registryLogin;
    if (login === undefined || login.outcome === 'ok') return undefined;
    const image = knownImage(chain) as string;
    return {
      severity: login.outcome === 'unreachable' ? 'warning' : 'error',
      why: `logging in to the registry with the secret's credentials as the agent would: ${login.detail}`,
      ecs: ecsTexts.registryRefused(image, login.detail),
      fix: "check the secret's username and token, the token's scope (GHCR: classic PAT with read:packages; GitLab: read_registry; Quay: robot org+name), its expiry, and the image name",
    };
  },
};
