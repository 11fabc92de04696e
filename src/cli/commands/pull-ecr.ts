// `berth pull` of an ECR image logs in the way the ECR credential helper does (ref ecr §4.2): the registry id and
// region from the image's host, GetAuthorizationToken with `registryIds: [id]` as the caller — the AWS SDK's default
// credentials (AWS_ACCESS_KEY_ID …, as `berth env` exports them, or a profile) — then Basic `AWS:<password>`.
import { ecrNamespace, parseEcrRegistryName } from '../../engines/ecr/index.js';
import { ecrRegistryOf } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { readRunningInstance } from '../state-location.js';

/** GetAuthorizationToken failed; the message says why (the helper itself only says "credentials not found"). */
export class EcrLoginFailed extends Error {}

export interface EcrLogin {
  /** The reference to pull: an ECR image in the real form becomes berth's (`<host>/<account>.dkr.ecr.<region>/…`). */
  readonly reference: string;
  readonly username: string;
  readonly password: Secret;
  /** Puts the image back as the user wrote it into a text that names the reference pulled. */
  readonly restore: (text: string) => string;
}

/** The login for an ECR image (real form, or berth's `localhost:PORT/<account>.dkr.ecr.<region>/…`); else undefined. */
export async function ecrLogin(image: string, state: string | undefined): Promise<EcrLogin | undefined> {
  const real = ecrRegistryOf(image);
  const slash = image.indexOf('/');
  const served = real ? undefined : parseEcrRegistryName(image.slice(slash + 1));
  const registry = real
    ? { account: real.registryId, region: real.region }
    : served && image.slice(0, slash).startsWith('localhost:')
      ? served
      : undefined;
  if (!registry) return undefined;
  const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  const endpoint = process.env.AWS_ENDPOINT_URL_ECR ?? process.env.AWS_ENDPOINT_URL ?? runningEndpoint(state);
  const client = new ECRClient({
    region: registry.region,
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: 1,
  });
  try {
    const output = await client.send(new GetAuthorizationTokenCommand({ registryIds: [registry.account] }));
    const [data] = output.authorizationData ?? [];
    if (!data?.authorizationToken || !data.proxyEndpoint) throw new Error('no authorization data');
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const host = `${new URL(data.proxyEndpoint).host}/${ecrNamespace(registry.account, registry.region)}`;
    const reference = real ? host + image.slice(real.host.length) : image;
    return {
      reference,
      username: decoded.slice(0, colon),
      password: new Secret(decoded.slice(colon + 1)),
      restore: (text) => (real ? text.split(host).join(real.host) : text),
    };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    throw new EcrLoginFailed(`ECR login failed: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`);
  } finally {
    client.destroy();
  }
}

/** The running berth of the state dir, when there is one (`berth env` points the SDK there too). */
function runningEndpoint(state: string | undefined): string | undefined {
  try {
    return readRunningInstance(state).endpoint;
  } catch {
    return undefined;
  }
}
