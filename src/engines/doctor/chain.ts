import { placeholderSecretSuffix, Unknown } from '../cloudformation/index.js';
import { type CredentialsParameter, parseCredentialsParameter } from '../ecs/index.js';
import { type AccessCheck, assumeRoleCheck, decryptCheck, getSecretValueCheck } from './chain-access.js';
import type {
  ChainModel,
  ContainerNode,
  KeyNode,
  Maybe,
  RoleNode,
  SecretNode,
  TaskDefinitionNode,
} from './chain-model.js';

/** The AWS managed key of Secrets Manager, by the names a secret's KmsKeyId can give it. */
function isAwsManagedKeyName(id: string): boolean {
  return id === 'alias/aws/secretsmanager' || id.endsWith(':alias/aws/secretsmanager');
}

export type SecretKey =
  | { readonly kind: 'aws-managed' }
  | { readonly kind: 'customer'; readonly key: KeyNode };

/**
 * One container's chain, each link found once and on demand: its credentialsParameter, the execution role, the
 * secret it names, the secret's key, and IAM's decisions along the way. A rule reads only the links it needs; an
 * Unknown link means the input could not say.
 */
export class Chain {
  readonly model: ChainModel;
  readonly task: TaskDefinitionNode;
  readonly container: ContainerNode;
  #memo = new Map<string, unknown>();

  constructor(model: ChainModel, task: TaskDefinitionNode, container: ContainerNode) {
    this.model = model;
    this.task = task;
    this.container = container;
  }

  #once<T>(name: string, compute: () => T): T {
    if (!this.#memo.has(name)) this.#memo.set(name, compute());
    return this.#memo.get(name) as T;
  }

  /** The credentialsParameter as given and parsed (parsed undefined: ECS refuses it); undefined without one. */
  credentials(): Maybe<{ readonly given: string; readonly parsed?: CredentialsParameter }> | undefined {
    const given = this.container.credentialsParameter;
    if (given === undefined || given instanceof Unknown) return given;
    const parsed = parseCredentialsParameter(given);
    return parsed === undefined ? { given } : { given, parsed };
  }

  /** The execution role: undefined without executionRoleArn; Unknown when it is not in the input. */
  role(): Maybe<RoleNode> | undefined {
    return this.#once('role', () => {
      const arn = this.task.executionRoleArn;
      if (arn === undefined || arn instanceof Unknown) return arn;
      const role = this.model.roles.find((r) => r.arn === arn || r.name === arn);
      if (role === undefined && this.model.complete) return undefined;
      return role ?? new Unknown(`the execution role ${arn} is not in the input`, this.task.location.pointer);
    });
  }

  /** Whether executionRoleArn names a role that does not exist (only a complete model can say). */
  roleMissing(): boolean {
    const arn = this.task.executionRoleArn;
    return (
      this.model.complete &&
      typeof arn === 'string' &&
      !this.model.roles.some((r) => r.arn === arn || r.name === arn)
    );
  }

  /** The secret credentialsParameter names: undefined when there is none or the model is complete and lacks it. */
  secret(): Maybe<SecretNode> | undefined {
    return this.#once('secret', () => {
      const credentials = this.credentials();
      if (credentials === undefined || credentials instanceof Unknown) return credentials;
      const { parsed, given } = credentials;
      if (parsed === undefined) return undefined;
      const secret = this.model.secrets.find((s) =>
        parsed.kind === 'name' ? s.name === parsed.name && this.#home(s) : matchesArn(s.arn, given),
      );
      if (secret !== undefined || this.model.complete) return secret;
      const pointer = this.container.location.pointer;
      if (parsed.kind === 'arn' && parsed.account === this.model.account)
        return externalSecret(given, pointer);
      return new Unknown(`the secret ${given} is not in the input`, pointer);
    });
  }

  /** Whether credentialsParameter names the secret by a partial ARN (without the 6-character suffix). */
  namesPartialArn(): boolean {
    const credentials = this.credentials();
    const secret = this.secret();
    if (credentials === undefined || credentials instanceof Unknown || !secret || secret instanceof Unknown)
      return false;
    return credentials.parsed?.kind === 'arn' && credentials.given !== secret.arn;
  }

  /** The secret's KMS key: the AWS managed one, a customer key of the input, or Unknown. */
  secretKey(): Maybe<SecretKey> | undefined {
    return this.#once('key', () => {
      const secret = this.secret();
      if (!secret || secret instanceof Unknown) return secret;
      const id = secret.kmsKeyId;
      if (id === undefined || (typeof id === 'string' && isAwsManagedKeyName(id)))
        return { kind: 'aws-managed' };
      if (id instanceof Unknown) return id;
      const key = this.model.keys.find(
        (k) => k.arn === id || k.keyId === id || k.aliases.some((a) => a === id || id.endsWith(`:${a}`)),
      );
      if (key?.awsManaged) return { kind: 'aws-managed' };
      return key
        ? { kind: 'customer', key }
        : new Unknown(`the KMS key ${id} is not in the input`, secret.location.pointer);
    });
  }

  /** ecs-tasks.amazonaws.com assuming the execution role (its trust policy). */
  trust(): Maybe<AccessCheck> | undefined {
    return this.#once('trust', () => {
      const role = this.role();
      return role === undefined || role instanceof Unknown ? role : assumeRoleCheck(this.model, role);
    });
  }

  /** secretsmanager:GetSecretValue by the execution role on the resource ECS will ask for. */
  getSecretValue(resource?: string): Maybe<AccessCheck> | undefined {
    return this.#once(`get:${resource ?? ''}`, () => {
      const role = this.role();
      const secret = this.secret();
      const credentials = this.credentials();
      if (!role || !secret || !credentials) return undefined;
      for (const link of [role, secret, credentials]) if (link instanceof Unknown) return link;
      const asked =
        resource ??
        (this.namesPartialArn() ? (credentials as { given: string }).given : (secret as SecretNode).arn);
      return getSecretValueCheck(this.model, role as RoleNode, secret as SecretNode, asked);
    });
  }

  /** kms:Decrypt through Secrets Manager by the execution role, for a secret under a customer managed key. */
  decrypt(): Maybe<AccessCheck> | undefined {
    return this.#once('decrypt', () => {
      const role = this.role();
      const secret = this.secret();
      const key = this.secretKey();
      if (!role || !secret || !key) return undefined;
      for (const link of [role, secret, key]) if (link instanceof Unknown) return link;
      const customer = key as SecretKey;
      if (customer.kind !== 'customer') return undefined;
      return decryptCheck(this.model, role as RoleNode, secret as SecretNode, customer.key);
    });
  }

  /** Whether the secret lives in the same account and region as the task. */
  #home(secret: SecretNode): boolean {
    return secret.arn.split(':')[3] === this.model.region && secret.arn.split(':')[4] === this.model.account;
  }
}

/**
 * A secret of the task's account that the input does not define (a CDK `fromSecretNameV2`, an ARN pasted in): its
 * ARN is what credentialsParameter says — with a placeholder suffix when that is a partial ARN, so that C6 can be
 * told from C1 — and everything else about it is Unknown. It is taken to have no resource policy, as most do; the
 * findings say so.
 */
function externalSecret(given: string, pointer: string): SecretNode {
  // Secrets Manager's suffix is 6 random characters of [A-Za-z0-9]; a name's own `-prod1` rarely has an uppercase.
  const full = /-[A-Za-z0-9]{6}$/.test(given) && /[A-Z0-9]/.test(given.slice(-6));
  const unknown = new Unknown(`the secret ${given} is not in the input`, pointer);
  return {
    arn: full ? given : `${given}-${placeholderSecretSuffix}`,
    name: given.slice(given.indexOf(':secret:') + 8).replace(full ? /-[A-Za-z0-9]{6}$/ : /$^/, ''),
    kmsKeyId: unknown,
    value: unknown,
    external: true,
    location: { file: '', pointer },
  };
}

/** A secret ARN as credentialsParameter may give it: the full ARN, or the partial one without `-` + 6 characters. */
function matchesArn(secretArn: string, given: string): boolean {
  return secretArn === given || (secretArn.length === given.length + 7 && secretArn.startsWith(`${given}-`));
}
