/**
 * The rows about the secret as the execution role reads it: existence, deletion, the GetSecretValue decision split
 * into C14/C5/C6/C1, the KMS key (C5, C4) and the value's shape (C9, C10) — ref peers-and-misconfigurations §C.
 */
import { Unknown } from '../cloudformation/index.js';
import type { Chain } from './chain.js';
import type { KeyNode } from './chain-model.js';
import { ecsTexts } from './ecs-texts.js';
import { fixes } from './fixes.js';
import type { DoctorRule, Verdict } from './rule.js';
import { secretDenial } from './secret-denial.js';
import { secretShapeProblem } from './secret-shape.js';

/** The secret id as ECS will print it: credentialsParameter as given. */
function given(chain: Chain): string {
  const credentials = chain.credentials();
  return credentials === undefined || credentials instanceof Unknown ? '' : credentials.given;
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

export const secretExistsRule: DoctorRule = {
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
};

export const deletionRule: DoctorRule = {
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
};

export const unseenCrossAccountRule: DoctorRule = {
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
};

export const resourcePolicyDenyRule: DoctorRule = denialRow(
  'C14',
  "a Deny in the secret's resource policy meets the execution role",
  (chain, message) => ({
    why: `the secret's resource policy has a Deny that the execution role's GetSecretValue meets (a condition such as aws:SourceVpce that the task's path does not satisfy?): ${message}`,
    ecs: ecsTexts.accessDenied(given(chain), message),
    fix: "narrow the Deny statement of the secret's resource policy so that it does not match the execution role's call",
  }),
);

export const crossAccountRule: DoctorRule = denialRow(
  'C5',
  'a secret in another account the execution role may not read',
  (chain, message) => ({
    why: `the secret is in another account and its resource policy does not allow the execution role: ${message}`,
    ecs: ecsTexts.accessDenied(given(chain), message),
    fix: fixes.crossAccountPolicy(chain.role() as never, chain.secret() as never),
  }),
);

export const partialArnRule: DoctorRule = denialRow(
  'C6',
  "a partial secret ARN the role's policy does not match",
  (chain, message) => ({
    why: `credentialsParameter is a partial ARN (no -XXXXXX suffix); the execution role's policy allows the full ARN, but IAM evaluates the ARN as given: ${message}`,
    ecs: ecsTexts.accessDenied(given(chain), message),
    fix: fixes.fullArn(chain.secret() as never),
  }),
);

export const getSecretValueRule: DoctorRule = denialRow(
  'C1',
  'the execution role may not read the secret',
  (chain, message) => ({
    why: `the execution role has no secretsmanager:GetSecretValue on the secret (the permission may be on the task role): ${message}`,
    ecs: ecsTexts.accessDenied(given(chain), message),
    fix: fixes.getSecretValue(chain.role() as never, chain.secret() as never),
  }),
);

export const awsManagedKeyRule: DoctorRule = {
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
};

export const decryptRule: DoctorRule = {
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
};

export const jsonValueRule: DoctorRule = {
  code: 'C9',
  severity: 'error',
  scope: 'container',
  title: 'the secret is not a JSON SecretString',
  check: (chain) => shapeVerdict(chain, 'C9'),
};

export const usernamePasswordRule: DoctorRule = {
  code: 'C10',
  severity: 'error',
  scope: 'container',
  title: 'the secret has no non-empty username and password',
  check: (chain) => shapeVerdict(chain, 'C10'),
};

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
