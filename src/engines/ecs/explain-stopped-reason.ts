/**
 * A stoppedReason, a container reason or an API exception message → the likely misconfiguration behind it and its
 * fix, in one line. Keyed on the stable prefixes and fragments of reference/peers-and-misconfigurations.md §C (the
 * codes are that table's rows) and the verbatim texts of reference/ecs-private-auth.md §3. Rules are tried in order,
 * most specific first: an AccessDenied on the secret can be C14, C5, C6 or C1 depending on how it ends.
 */

export type StoppedReasonCode =
  | 'C1'
  | 'C2'
  | 'C3'
  | 'C4'
  | 'C5'
  | 'C6'
  | 'C7'
  | 'C8'
  | 'C9'
  | 'C10'
  | 'C11'
  | 'C12'
  | 'C13'
  | 'C14'
  | 'C15'
  | 'C16'
  | 'C17'
  /** Not a §C row: the containers ran and an essential one exited (ref ecs-private-auth §3.5). */
  | 'EssentialContainerExited';

export interface StoppedReasonExplanation {
  readonly code: StoppedReasonCode;
  readonly summary: string;
}

interface Rule {
  readonly code: StoppedReasonCode;
  /** The summary when the rule applies to `text`, else undefined. */
  readonly explain: (text: string) => string | undefined;
}

/** `can't` is written with U+2019 in some agent texts (ref ecs-private-auth §3.2) and ASCII in others. */
const apostrophe = "['\u2019]";

/** `… is not authorized to perform: secretsmanager:GetSecretValue on resource: <id>` (AWS's AccessDenied text). */
const getSecretDenied = /is not authorized to perform: secretsmanager:GetSecretValue on resource: (\S+)/;

/** The agent's words around a GetSecretValue call (EC2 `Asm fetching secret …`, Fargate `… retrieve secret from asm`). */
const secretCall = /fetching secret|failed to fetch secret|retrieve secret/i;

const secretNotFound = new RegExp(
  `Secrets Manager can${apostrophe}t find the specified secret|can${apostrophe}t retrieve the secret with ARN`,
);

/** `assumed-role/<role>/<session>` in the denied principal. */
function assumedRole(text: string): string | undefined {
  return /:assumed-role\/([^/\s]+)\//.exec(text)?.[1];
}

/**
 * Whether a secret ARN in a message is the full one. Secrets Manager appends `-` and six random characters from
 * [A-Za-z0-9] to the name; a partial ARN lacks them. A name that itself ends in `-` + a lowercase word (`test-secret`)
 * looks like a suffix to Secrets Manager too — the C6 trap of aws-samples/dify-self-hosted-on-aws#35 — so only a suffix
 * with an uppercase letter or a digit counts as random.
 */
function isFullSecretArn(resource: string): boolean {
  const name = /:secret:(.+)$/.exec(resource.replace(/[.,;:]+$/, ''))?.[1];
  if (name === undefined) return true; // a bare name or something else: nothing to say about partial ARNs
  const suffix = /-([A-Za-z0-9]{6})$/.exec(name)?.[1];
  return suffix !== undefined && /[A-Z0-9]/.test(suffix);
}

function when(pattern: RegExp, summary: string): (text: string) => string | undefined {
  return (text) => (pattern.test(text) ? summary : undefined);
}

const rules: readonly Rule[] = [
  {
    code: 'C15',
    explain: when(
      /marked for deletion/,
      'the secret is scheduled for deletion: restore it (aws secretsmanager restore-secret) or point credentialsParameter at another secret',
    ),
  },
  {
    code: 'C14',
    explain: when(
      /with an explicit deny in a resource-based policy/,
      "a Deny in the secret's resource policy matches the execution role's call (e.g. a condition on aws:SourceVpce): narrow that statement",
    ),
  },
  {
    code: 'C5',
    explain: (text) =>
      /encrypt the secret with the default KMS service key/.test(text) ||
      (getSecretDenied.test(text) && /because no resource-based policy allows/.test(text))
        ? 'a secret in another account needs a resource policy allowing the execution role and a customer-managed KMS key (aws/secretsmanager cannot be used across accounts)'
        : undefined,
  },
  {
    code: 'C4',
    explain: when(
      /Access to KMS is not allowed|DecryptionFailure/,
      "the execution role cannot decrypt the secret: give it kms:Decrypt on the secret's KMS key and check that the key policy allows it (or delegates to IAM)",
    ),
  },
  {
    code: 'C6',
    explain: (text) => {
      const resource = getSecretDenied.exec(text)?.[1];
      if (resource === undefined || isFullSecretArn(resource)) return undefined;
      return `the secret is named by a partial ARN (${resource.replace(/[.,;:]+$/, '')}), which the execution role's policy does not match: put the secret's full ARN, with its 6-character suffix, in credentialsParameter`;
    },
  },
  {
    code: 'C1',
    explain: (text) => {
      if (!getSecretDenied.test(text) && !(secretCall.test(text) && /AccessDeniedException/.test(text)))
        return undefined;
      const role = assumedRole(text);
      return `the execution role${role === undefined ? '' : ` ${role}`} has no secretsmanager:GetSecretValue on the secret (the permission may be on the task role): allow it in the execution role's policy`;
    },
  },
  {
    code: 'C7',
    explain: (text) =>
      secretNotFound.test(text) || (/ResourceNotFoundException/.test(text) && secretCall.test(text))
        ? 'the secret does not exist as named: check credentialsParameter for typos, and give a secret in another Region or account by its full ARN'
        : undefined,
  },
  {
    code: 'C9',
    explain: when(
      /unable to unmarshal secret value, invalid schema|empty secrets value/,
      'the secret must be a JSON SecretString {"username":"…","password":"…"}, not plain text, empty or SecretBinary',
    ),
  },
  {
    code: 'C10',
    explain: (text) => {
      const field = /fetching (username|password): AuthorizationData is malformed, empty field/i.exec(
        text,
      )?.[1];
      if (field === undefined) return undefined;
      return `the secret's JSON has no non-empty "${field.toLowerCase()}": the keys must be spelled username and password (case does not matter)`;
    },
  },
  {
    code: 'C2',
    explain: when(
      /unable to find execution role credentials|specify a value for '?executionRoleArn'?|requires task definition to have execution role ARN/,
      'the task definition has no executionRoleArn: add a role trusted by ecs-tasks.amazonaws.com; ECS reads registry credentials, secrets and ECR images as that role',
    ),
  },
  {
    code: 'C3',
    explain: (text) => {
      const role = /ECS was unable to assume the role '([^']*)'/.exec(text)?.[1];
      if (role === undefined) return undefined;
      return `ECS cannot assume ${role}: the role must exist, its trust policy must allow sts:AssumeRole by ecs-tasks.amazonaws.com, and the caller needs iam:PassRole on it`;
    },
  },
  {
    code: 'C8',
    explain: when(
      /repository credentials parameter specified for container '[^']*' is invalid|Invalid name\. Must be a valid name containing alphanumeric characters/,
      "credentialsParameter must be the secret's ARN or name (letters, digits and /_+=.@-; no spaces or unresolved tokens)",
    ),
  },
  {
    code: 'C12',
    explain: (text) => {
      if (/not a supported authentication method for ECR repositories/.test(text)) {
        return "remove repositoryCredentials from this container: ECR images are pulled with the execution role's ecr: permissions";
      }
      if (/failed to fetch anonymous token/.test(text)) {
        return 'the registry requires credentials and the task sent none: add repositoryCredentials.credentialsParameter (a secret with username and password) to the container';
      }
      return undefined;
    },
  },
  {
    code: 'C16',
    explain: when(
      /toomanyrequests|429 Too Many Requests/,
      "the registry's pull rate limit was hit: authenticate the pull with repositoryCredentials (anonymous Docker Hub pulls have the lowest limit) or use a mirror",
    ),
  },
  {
    code: 'C17',
    explain: when(
      /x509: /,
      "the registry's TLS certificate is not trusted (private CA or self-signed): Fargate cannot add a CA, so serve a publicly trusted certificate",
    ),
  },
  {
    code: 'C13',
    explain: when(
      /check your task network configuration|connection issue between the task and|i\/o timeout|request canceled while waiting for connection|context deadline exceeded/i,
      "the task could not reach Secrets Manager or the registry: check the subnet's route (NAT or internet gateway, VPC endpoints), assignPublicIp and security-group egress",
    ),
  },
  {
    code: 'C11',
    explain: (text) =>
      // An ECR permission denial reads like a registry refusal but is the execution role's IAM (not a §C row).
      !/ecr:/.test(text) &&
      /401 Unauthorized|403 Forbidden|unauthorized: |incorrect username or password|pull access denied|requested access to the resource is denied|failed to fetch oauth token/.test(
        text,
      )
        ? "the registry refused the secret's credentials (or the image does not exist): check the username, the token's scope (GHCR: classic PAT with read:packages; GitLab: read_registry) and its expiry"
        : undefined,
  },
  {
    code: 'EssentialContainerExited',
    explain: when(
      /Essential container in task exited/,
      "an essential container's process exited: check its exit code and its output (berth logs TASK)",
    ),
  },
];

/** The likely cause of a failure text, or undefined when it matches no known misconfiguration. */
export function explainStoppedReason(text: string): StoppedReasonExplanation | undefined {
  for (const rule of rules) {
    const summary = rule.explain(text);
    if (summary !== undefined) return { code: rule.code, summary };
  }
  return undefined;
}
