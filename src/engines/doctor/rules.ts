/**
 * The doctor's rules, one row per cause of ref peers-and-misconfigurations §C that can be decided before the task
 * starts (C11 only live). Rows are tried in the order the chain is walked — task definition, role, image, secret,
 * permissions, key, value, registry, network — so that the first broken link is reported where ECS would stop.
 */
import { Unknown } from '../cloudformation/index.js';
import type { Chain } from './chain.js';
import type { KeyNode, RoleNode } from './chain-model.js';
import { ecsTexts } from './ecs-texts.js';
import { fixes } from './fixes.js';
import { imageHost } from './image-host.js';
import { networkProblem } from './network-path.js';
import type { DoctorRule, Verdict } from './rule.js';
import { secretDenial } from './secret-denial.js';
import { secretShapeProblem } from './secret-shape.js';

/** The secret id as ECS will print it: credentialsParameter as given. */
function given(chain: Chain): string {
  const credentials = chain.credentials();
  return credentials === undefined || credentials instanceof Unknown ? '' : credentials.given;
}

function knownImage(chain: Chain): string | Unknown {
  return chain.container.image;
}

function denialRow(
  code: 'C1' | 'C5' | 'C6' | 'C14',
  title: string,
  verdict: (chain: Chain, message: string) => Verdict,
): DoctorRule {
  return {
    code,
    severity: 'error',
    scope: 'container',
    title,
    check: (chain) => {
      const denial = secretDenial(chain);
      if (denial === undefined || denial instanceof Unknown) return denial;
      if (denial.code !== code) return undefined;
      const found = verdict(chain, denial.message);
      return { ...found, why: `${found.why}${denial.assumed}` };
    },
  };
}

export const doctorRules: readonly DoctorRule[] = [
  {
    code: 'C8',
    severity: 'error',
    scope: 'container',
    title: 'credentialsParameter is not a secret ARN or name',
    check: (chain) => {
      const credentials = chain.credentials();
      if (credentials === undefined || credentials instanceof Unknown || credentials.parsed)
        return credentials instanceof Unknown ? credentials : undefined;
      return {
        why: `credentialsParameter "${credentials.given}" is neither a Secrets Manager secret ARN nor a secret name (an unresolved token, spaces, another service's ARN?)`,
        ecs: `ClientException: ${ecsTexts.credentialsParameterInvalid(chain.container.name)}`,
        fix: "set credentialsParameter to the secret's full ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 chars>)",
      };
    },
  },
  {
    code: 'C2',
    severity: 'error',
    scope: 'container',
    title: 'repositoryCredentials without an execution role',
    check: (chain) =>
      chain.credentials() !== undefined && chain.task.executionRoleArn === undefined
        ? {
            why: 'the container has repositoryCredentials but the task definition has no executionRoleArn: ECS reads the secret as the execution role',
            ecs: `ClientException: ${ecsTexts.noExecutionRole}`,
            fix: fixes.executionRole(),
          }
        : undefined,
  },
  {
    code: 'C3',
    severity: 'error',
    scope: 'task',
    title: 'ECS cannot assume the execution role',
    check: (chain) => {
      const arn = chain.task.executionRoleArn;
      if (arn === undefined || arn instanceof Unknown) return arn;
      if (chain.roleMissing()) {
        return {
          why: `the execution role ${arn} does not exist`,
          ecs: ecsTexts.unableToAssumeRole(arn),
          fix: `create the role, or set executionRoleArn to an existing role; ${fixes.executionRole()}`,
        };
      }
      const trust = chain.trust();
      if (trust === undefined || trust instanceof Unknown || trust.decision.result === 'Allow')
        return trust instanceof Unknown ? trust : undefined;
      const role = chain.role() as RoleNode;
      return {
        why: `the trust policy of ${role.name} does not let ecs-tasks.amazonaws.com assume it (ecs.amazonaws.com or ec2.amazonaws.com are not the same principal)`,
        ecs: ecsTexts.unableToAssumeRole(arn),
        fix: fixes.trust(role),
      };
    },
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
    code: 'C7',
    severity: 'error',
    scope: 'container',
    title: 'the secret does not exist as named',
    check: (chain) => {
      const credentials = chain.credentials();
      if (
        credentials === undefined ||
        credentials instanceof Unknown ||
        !credentials.parsed ||
        chain.secret() !== undefined
      )
        return undefined;
      const elsewhere =
        credentials.parsed.kind === 'name'
          ? chain.model.secrets.find((s) => s.name === (credentials.parsed as { name: string }).name)
          : undefined;
      return {
        why:
          elsewhere === undefined
            ? `no secret ${credentials.given} exists in ${chain.model.region} of account ${chain.model.account}`
            : `the secret ${credentials.given} is in another Region or account (${elsewhere.arn}); by name, ECS looks only in the task's Region`,
        ecs: ecsTexts.secretNotFound(credentials.given),
        fix: 'check credentialsParameter for typos, and give a secret in another Region or account by its full ARN',
      };
    },
  },
  {
    code: 'C15',
    severity: 'error',
    scope: 'container',
    title: 'the secret is scheduled for deletion',
    check: (chain) => {
      const secret = chain.secret();
      if (!secret || secret instanceof Unknown || secret.deletionDate === undefined) return undefined;
      return {
        why: `the secret ${secret.name} is scheduled for deletion on ${secret.deletionDate}`,
        ecs: ecsTexts.markedForDeletion(given(chain)),
        fix: `aws secretsmanager restore-secret --secret-id ${secret.arn}`,
      };
    },
  },
  {
    code: 'C5',
    severity: 'warning',
    scope: 'container',
    title: 'a secret in another account that the input does not show',
    check: (chain) => {
      const credentials = chain.credentials();
      const elsewhere =
        credentials !== undefined &&
        !(credentials instanceof Unknown) &&
        credentials.parsed?.kind === 'arn' &&
        credentials.parsed.account !== chain.model.account;
      const secret = chain.secret();
      if (!elsewhere || !(secret instanceof Unknown)) return undefined;
      return {
        severity: 'warning',
        why: `the secret is in account ${(credentials.parsed as { account: string }).account}, which the input does not show: it needs a resource policy allowing the execution role and a customer managed KMS key whose policy allows the role kms:Decrypt`,
        ecs: ecsTexts.kmsDenied(credentials.given),
        fix: 'check the secret live (berth doctor --task-definition against that account), or add the statements above',
        explains: secret,
      };
    },
  },
  denialRow('C14', "a Deny in the secret's resource policy meets the execution role", (chain, message) => ({
    why: `the secret's resource policy has a Deny that the execution role's GetSecretValue meets (a condition such as aws:SourceVpce that the task's path does not satisfy?): ${message}`,
    ecs: ecsTexts.accessDenied(given(chain), message),
    fix: "narrow the Deny statement of the secret's resource policy so that it does not match the execution role's call",
  })),
  denialRow('C5', 'a secret in another account the execution role may not read', (chain, message) => ({
    why: `the secret is in another account and its resource policy does not allow the execution role: ${message}`,
    ecs: ecsTexts.accessDenied(given(chain), message),
    fix: fixes.crossAccountPolicy(chain.role() as never, chain.secret() as never),
  })),
  denialRow('C6', "a partial secret ARN the role's policy does not match", (chain, message) => ({
    why: `credentialsParameter is a partial ARN (no -XXXXXX suffix); the execution role's policy allows the full ARN, but IAM evaluates the ARN as given: ${message}`,
    ecs: ecsTexts.accessDenied(given(chain), message),
    fix: fixes.fullArn(chain.secret() as never),
  })),
  denialRow('C1', 'the execution role may not read the secret', (chain, message) => ({
    why: `the execution role has no secretsmanager:GetSecretValue on the secret (the permission may be on the task role): ${message}`,
    ecs: ecsTexts.accessDenied(given(chain), message),
    fix: fixes.getSecretValue(chain.role() as never, chain.secret() as never),
  })),
  {
    code: 'C5',
    severity: 'error',
    scope: 'container',
    title: 'a secret in another account under the AWS managed key',
    check: (chain) => {
      const key = chain.secretKey();
      const role = chain.role();
      const secret = chain.secret();
      if (
        !key ||
        key instanceof Unknown ||
        key.kind !== 'aws-managed' ||
        !role ||
        role instanceof Unknown ||
        !secret ||
        secret instanceof Unknown
      )
        return undefined;
      if (secret.arn.split(':')[4] === role.arn.split(':')[4] || secretDenial(chain) !== undefined)
        return undefined;
      return {
        why: 'the secret is in another account and encrypted with the AWS managed key aws/secretsmanager, which no other account can use',
        ecs: ecsTexts.kmsDenied(given(chain)),
        fix: fixes.crossAccountPolicy(role, secret),
      };
    },
  },
  {
    code: 'C4',
    severity: 'error',
    scope: 'container',
    title: "the execution role may not decrypt with the secret's KMS key",
    check: (chain) => {
      if (secretDenial(chain) !== undefined) return undefined;
      const key = chain.secretKey();
      if (key instanceof Unknown) return key;
      const check = chain.decrypt();
      if (check === undefined || check instanceof Unknown || check.decision.result === 'Allow')
        return check instanceof Unknown ? check : undefined;
      const role = chain.role() as never;
      const customer = key as { key: KeyNode };
      const reason = check.decision.reason;
      const where =
        reason.kind !== 'allowed' && reason.policyType === 'resource'
          ? 'the key policy neither allows it nor delegates to IAM'
          : "the role's policies do not allow kms:Decrypt on the key";
      return {
        why: `the secret is encrypted with the customer managed key ${customer.key.arn} and ${where}`,
        ecs: ecsTexts.kmsDenied(given(chain)),
        fix: fixes.decrypt(role, customer.key, chain.model.region),
      };
    },
  },
  {
    code: 'C9',
    severity: 'error',
    scope: 'container',
    title: 'the secret is not a JSON SecretString',
    check: (chain) => shapeVerdict(chain, 'C9'),
  },
  {
    code: 'C10',
    severity: 'error',
    scope: 'container',
    title: 'the secret has no non-empty username and password',
    check: (chain) => shapeVerdict(chain, 'C10'),
  },
  {
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
  },
  {
    code: 'C13',
    severity: 'error',
    scope: 'task',
    title: 'no network path to Secrets Manager or the registry',
    check: (chain) => networkProblem(chain),
  },
];

function shapeVerdict(chain: Chain, code: 'C9' | 'C10'): Verdict | Unknown | undefined {
  const secret = chain.secret();
  if (!secret || secret instanceof Unknown || secretDenial(chain) !== undefined) return undefined;
  if (secret.value instanceof Unknown) return secret.value;
  const problem = secretShapeProblem(secret.value);
  if (problem?.code !== code) return undefined;
  return {
    why: problem.why,
    ecs:
      problem.code === 'C10'
        ? ecsTexts.emptyField(problem.field)
        : problem.agentSays === 'empty'
          ? ecsTexts.emptySecret
          : ecsTexts.invalidSchema,
    fix: fixes.secretShape(),
  };
}
