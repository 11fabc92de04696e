// How ECR reads a pull-through cache rule's secret: GetSecretValue through Secrets Manager's API, signed, over
// berth's endpoint — so that IAM, the secret's resource policy and its KMS key decide, as on AWS. AWS reads it as
// ECR's service-linked role in the rule's account (ref ecr §3.5); berth has no service-linked roles, so ECR signs with
// a key of its own that stands for the account (the identity its service-linked role acts for). The key lives only
// in this process's memory, is never printed, and this module only ever asks for secrets the rule names, whose
// names the credentialArn pattern holds to `ecr-pullthroughcache/` (ref ecr §1.3).
import { randomBytes } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CredentialLookup, StoredCredentials } from '../../aws/index.js';
import { arnBuilders } from '../../engines/arn/index.js';
import { Secret } from '../../errors/index.js';
import type { SecretRead, UpstreamSecrets } from '../../services/ecr/index.js';

export interface EcrSecretReader extends UpstreamSecrets {
  /** The keys ECR signs with, for the part's credential source. */
  readonly credentials: CredentialLookup;
}

export function ecrUpstreamSecrets(endpoint: () => string, partition: string): EcrSecretReader {
  const keys = new Map<string, { accessKeyId: string; secretAccessKey: string; stored: StoredCredentials }>();
  const keyFor = (account: string) => {
    let key = keys.get(account);
    if (!key) {
      const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
      const secretAccessKey = randomBytes(30).toString('base64');
      const arn = arnBuilders.accountRoot(partition, account);
      key = {
        accessKeyId,
        secretAccessKey,
        stored: {
          secretAccessKey: new Secret(secretAccessKey),
          principal: { arn, accountId: account, userId: account },
        },
      };
      keys.set(account, key);
    }
    return key;
  };
  return {
    credentials: async (accessKeyId) => [...keys.values()].find((k) => k.accessKeyId === accessKeyId)?.stored,
    async read(scope, credentialArn): Promise<SecretRead> {
      const { accessKeyId, secretAccessKey } = keyFor(scope.account);
      const client = new SecretsManagerClient({
        endpoint: endpoint(),
        region: scope.region,
        credentials: { accessKeyId, secretAccessKey },
        maxAttempts: 1,
      });
      try {
        const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: credentialArn }));
        return parseCredentials(SecretString);
      } catch (error) {
        const name = (error as { name?: string }).name;
        const message = (error as { message?: string }).message ?? '';
        if (name === 'ResourceNotFoundException') return { ok: false, failure: 'not-found' };
        if (name === 'DecryptionFailure' || message.includes('KMS')) return { ok: false, failure: 'decrypt' };
        if (name === 'AccessDeniedException') return { ok: false, failure: 'access-denied' };
        throw error;
      } finally {
        client.destroy();
      }
    },
  };
}

/** The secret's `{"username": …, "accessToken": …}` (ref ecr §3.5). */
function parseCredentials(text: string | undefined): SecretRead {
  try {
    const value = JSON.parse(text ?? '') as { username?: unknown; accessToken?: unknown };
    if (typeof value.username === 'string' && typeof value.accessToken === 'string') {
      return { ok: true, username: value.username, accessToken: new Secret(value.accessToken) };
    }
  } catch {
    // Not JSON: the same answer as JSON without the two keys.
  }
  return { ok: false, failure: 'malformed' };
}
