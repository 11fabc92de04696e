/**
 * A container definition's `image` as the control plane checks it, and whether it names an Amazon ECR registry.
 * The agent never parses ECR hostnames: the backend does and sends `ecrAuthData` (ref ecs-private-auth §1.1, §4).
 */

/**
 * [DOC] task_definition_parameters (ref ecs-private-auth §2.1 Image): "Up to 255 letters (uppercase and lowercase), numbers,
 * hyphens, underscores, colons, periods, forward slashes, and number signs are allowed", in the forms
 * `repository-url/image:tag` and `repository-url/image@digest` — so `@` is allowed too.
 */
const imageAlphabet = /^[A-Za-z0-9\-_:./#@]+$/;
const maxImageLength = 255;

export type ImageProblem = 'empty' | 'too-long' | 'invalid';

export function imageProblem(image: string): ImageProblem | undefined {
  if (image.length === 0) return 'empty';
  if (image.length > maxImageLength) return 'too-long';
  return imageAlphabet.test(image) ? undefined : 'invalid';
}

export interface EcrRegistry {
  /** The registry id: the account that owns the registry. */
  readonly registryId: string;
  readonly region: string;
  readonly fips: boolean;
  /** The registry host as written, e.g. `111122223333.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly host: string;
}

/**
 * The ECR private-registry host grammar (ref ecs-private-auth §4: `<registry-id>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`,
 * as AWS's credential helper parses it).
 */
const ecrHost =
  /^([a-zA-Z0-9][a-zA-Z0-9-_]*)\.dkr\.ecr(-fips)?\.([a-zA-Z0-9][a-zA-Z0-9-_]*)\.amazonaws\.com(\.cn)?$/;

/** The ECR registry an image lives in, or undefined for any other registry (Docker Hub, GHCR, a private host…). */
export function ecrRegistryOf(image: string): EcrRegistry | undefined {
  const slash = image.indexOf('/');
  if (slash <= 0) return undefined;
  const host = image.slice(0, slash);
  const match = ecrHost.exec(host.replace(/:\d+$/, ''));
  if (!match) return undefined;
  return { registryId: match[1]!, region: match[3]!, fips: match[2] !== undefined, host };
}
