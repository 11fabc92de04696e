/**
 * `repositoryCredentials.credentialsParameter`: "the full ARN or the name of the secret" (ref ecs-private-auth §2.1,
 * [DOC] API_RepositoryCredentials). ECS's exact check is not published (ref ecs-private-auth §8); its refusal text (peers §C8)
 * comes after values such as unresolved CDK tokens. berth's rule [INF, as ref ecs-private-auth §2.1 suggests]: at most 2048
 * characters; either a Secrets Manager secret ARN (`arn:<partition>:secretsmanager:<region>:<12 digits>:secret:<id>`)
 * or a bare secret name; the id or name in Secrets Manager's alphabet `A-Za-z0-9/_+=.@-` (1–512 characters).
 * Anything else — spaces, `${Token[…]}`, an ARN of another service or resource type — is invalid.
 */
import { tryParseArn } from '../arn/index.js';

export type CredentialsParameter =
  | {
      readonly kind: 'arn';
      readonly partition: string;
      readonly region: string;
      readonly account: string;
      readonly secretId: string;
    }
  | { readonly kind: 'name'; readonly name: string };

const maxLength = 2048;
const secretName = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const region = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const account = /^\d{12}$/;
const partitions = new Set(['aws', 'aws-cn', 'aws-us-gov']);

/** The parsed parameter, or undefined when ECS would refuse it at registration. */
export function parseCredentialsParameter(value: string): CredentialsParameter | undefined {
  if (value.length === 0 || value.length > maxLength) return undefined;
  if (!value.startsWith('arn:')) return secretName.test(value) ? { kind: 'name', name: value } : undefined;
  const arn = tryParseArn(value);
  if (arn?.service !== 'secretsmanager' || !partitions.has(arn.partition)) return undefined;
  if (!region.test(arn.region) || !account.test(arn.account) || !arn.resource.startsWith('secret:'))
    return undefined;
  const secretId = arn.resource.slice('secret:'.length);
  if (!secretName.test(secretId)) return undefined;
  return { kind: 'arn', partition: arn.partition, region: arn.region, account: arn.account, secretId };
}
