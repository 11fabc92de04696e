import { Unknown } from '../../../engines/cloudformation/index.js';
import type { KeyNode, Maybe, SecretNode, SecretValueShape } from '../../../engines/doctor/index.js';
import { Secret } from '../../../errors/index.js';
import type { PasswordCredentials } from '../../../registry/client/index.js';

/** The AWS SDK's clients the live doctor reads with (read-only calls only). */
export interface LiveClients {
  readonly secrets: import('@aws-sdk/client-secrets-manager').SecretsManagerClient;
  readonly kms: import('@aws-sdk/client-kms').KMSClient;
}

const sdk = {
  secrets: () => import('@aws-sdk/client-secrets-manager'),
  kms: () => import('@aws-sdk/client-kms'),
};

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? 'Error';
}

/**
 * The shape of a SecretString with its values blanked (a string becomes `…` or stays empty; other JSON types keep
 * their type), so that the model, which rules read and findings quote, never holds a credential.
 */
function blanked(text: string): SecretValueShape {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'string', text: text === '' ? '' : 'not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { kind: 'string', text: 'not an object' };
  const blank = (value: unknown) =>
    typeof value === 'string' ? (value === '' ? '' : '…') : typeof value === 'object' ? null : 0;
  return {
    kind: 'string',
    text: JSON.stringify(Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, blank(v)]))),
  };
}

/** The registry login a SecretString holds (keys in any case, as the agent reads them), as redacted values. */
function loginOf(text: string): PasswordCredentials | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const pick = (name: string) => Object.entries(value).find(([key]) => key.toLowerCase() === name)?.[1];
    const [username, password] = [pick('username'), pick('password')];
    return typeof username === 'string' && typeof password === 'string' && username && password
      ? { username, password: new Secret(password) }
      : undefined;
  } catch {
    return undefined;
  }
}

export interface LiveSecret {
  readonly node: SecretNode;
  /** The credentials for the registry login (C11), when the caller may read them and they have the right shape. */
  readonly login?: PasswordCredentials;
}

/**
 * The secret credentialsParameter names, read as the caller: DescribeSecret (ARN, KMS key, deletion), its resource
 * policy, and — when the caller may — its value's shape. Undefined when it does not exist (C7). The value stays in
 * memory for the shape check and the registry login; it is never printed.
 */
export async function liveSecret(clients: LiveClients, secretId: string): Promise<LiveSecret | undefined> {
  const { DescribeSecretCommand, GetResourcePolicyCommand, GetSecretValueCommand } = await sdk.secrets();
  let described: import('@aws-sdk/client-secrets-manager').DescribeSecretCommandOutput;
  try {
    described = await clients.secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
  const arn = described.ARN!;
  const location = { file: arn, pointer: arn };
  const policy = await clients.secrets
    .send(new GetResourcePolicyCommand({ SecretId: arn }))
    .then((r) => (r.ResourcePolicy ? (JSON.parse(r.ResourcePolicy) as unknown) : undefined))
    .catch(
      (error) =>
        new Unknown(`the caller may not read the secret's resource policy (${errorName(error)})`, arn),
    );
  let login: PasswordCredentials | undefined;
  const value: Maybe<SecretValueShape> = await clients.secrets
    .send(new GetSecretValueCommand({ SecretId: arn }))
    .then((r): SecretValueShape => {
      if (r.SecretString === undefined) return r.SecretBinary ? { kind: 'binary' } : { kind: 'none' };
      login = loginOf(r.SecretString);
      return blanked(r.SecretString);
    })
    .catch((error) => new Unknown(`the caller may not read the secret's value (${errorName(error)})`, arn));
  const node: SecretNode = {
    arn,
    name: described.Name!,
    ...(described.KmsKeyId ? { kmsKeyId: described.KmsKeyId } : {}),
    ...(policy === undefined ? {} : { resourcePolicy: policy }),
    value,
    ...(described.DeletedDate ? { deletionDate: described.DeletedDate.toISOString() } : {}),
    location,
  };
  return login === undefined ? { node } : { node, login };
}

/** The secret's KMS key with its key policy and aliases; Unknown when the caller may not read them. */
export async function liveKey(clients: LiveClients, keyId: string): Promise<Maybe<KeyNode>> {
  const { DescribeKeyCommand, GetKeyPolicyCommand, ListAliasesCommand } = await sdk.kms();
  try {
    const { KeyMetadata } = await clients.kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    const arn = KeyMetadata!.Arn!;
    const awsManaged = KeyMetadata!.KeyManager === 'AWS';
    const policy = awsManaged
      ? null
      : await clients.kms
          .send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }))
          .then((r) => JSON.parse(r.Policy!) as unknown)
          .catch((error) => new Unknown(`the caller may not read the key policy (${errorName(error)})`, arn));
    const aliases = await clients.kms
      .send(new ListAliasesCommand({ KeyId: KeyMetadata!.KeyId }))
      .then((r) => (r.Aliases ?? []).map((a) => a.AliasName!).filter(Boolean))
      .catch(() => []);
    return {
      arn,
      keyId: KeyMetadata!.KeyId!,
      aliases,
      policy,
      awsManaged,
      location: { file: arn, pointer: arn },
    };
  } catch (error) {
    return new Unknown(`the KMS key ${keyId} cannot be described by the caller (${errorName(error)})`, keyId);
  }
}
