/**
 * The doctor's rules, one row per cause of ref peers-and-misconfigurations §C that can be decided before the task
 * starts (C11 only live). Rows are tried in the order the chain is walked — task definition, role, image, secret,
 * permissions, key, value, registry, network — so that the first broken link is reported where ECS would stop.
 */
import { Unknown } from '../cloudformation/index.js';
import type { RoleNode } from './chain-model.js';
import { ecsTexts } from './ecs-texts.js';
import { fixes } from './fixes.js';
import {
  dockerHubRule,
  imageCredentialsRule,
  privateRegistryRule,
  registryLoginRule,
} from './image-rules.js';
import { networkProblem } from './network-path.js';
import type { DoctorRule } from './rule.js';
import {
  awsManagedKeyRule,
  crossAccountRule,
  decryptRule,
  deletionRule,
  getSecretValueRule,
  jsonValueRule,
  partialArnRule,
  resourcePolicyDenyRule,
  secretExistsRule,
  unseenCrossAccountRule,
  usernamePasswordRule,
} from './secret-rules.js';

const credentialsParameterRule: DoctorRule = {
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
};

const executionRoleRule: DoctorRule = {
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
};

const trustRule: DoctorRule = {
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
};

const networkRule: DoctorRule = {
  code: 'C13',
  severity: 'error',
  scope: 'task',
  title: 'no network path to Secrets Manager or the registry',
  check: (chain) => networkProblem(chain),
};

export const doctorRules: readonly DoctorRule[] = [
  credentialsParameterRule,
  executionRoleRule,
  trustRule,
  imageCredentialsRule,
  dockerHubRule,
  privateRegistryRule,
  secretExistsRule,
  deletionRule,
  unseenCrossAccountRule,
  resourcePolicyDenyRule,
  crossAccountRule,
  partialArnRule,
  getSecretValueRule,
  awsManagedKeyRule,
  decryptRule,
  jsonValueRule,
  usernamePasswordRule,
  registryLoginRule,
  networkRule,
];
