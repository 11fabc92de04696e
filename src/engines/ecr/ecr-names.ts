/**
 * ECR names berth serves: the repository ARN, and where a repository lives in berth's registry.
 *
 * berth serves ECR from its one registry on its one port. AWS gives each registry its own host
 * (`<account>.dkr.ecr.<region>.amazonaws.com`, ref ecr §2.1); berth cannot, since such names need DNS (and `*.localhost`
 * does not resolve for Go clients such as skopeo without nss-myhostname). So the host moves into the path: ECR
 * repository `web` of account A in region R is the registry repository `A.dkr.ecr.R/web`, and its repositoryUri is
 * `localhost:<port>/A.dkr.ecr.R/web` — `localhost` (in every /etc/hosts) is ECR's door to the registry, where logins
 * are ECR's Basic `AWS:<token>`, while `127.0.0.1:<port>` stays the built-in registry's. The first component is a
 * valid Distribution name component that no registry user can own (requests naming it are always ECR's), so ECR and
 * built-in repositories never clash.
 */
export interface EcrScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export const ecrArns = {
  repository: (s: EcrScope, name: string) =>
    `arn:${s.partition}:ecr:${s.region}:${s.account}:repository/${name}`,
} as const;

/** ECR's registry host for berth at `endpoint` (`http://127.0.0.1:PORT` → `localhost:PORT`). */
export function ecrRegistryHost(endpoint: string): string {
  return `localhost:${new URL(endpoint).port}`;
}

/** The registry namespace of one ECR registry (an account in a region): `<account>.dkr.ecr.<region>`. */
export function ecrNamespace(account: string, region: string): string {
  return `${account}.dkr.ecr.${region}`;
}

/** An ECR repository as the registry names it, split into its registry and its ECR name. */
export interface EcrRegistryName {
  readonly account: string;
  readonly region: string;
  readonly repository: string;
}

const namespacePattern = /^(\d{12})\.dkr\.ecr\.([a-z0-9][a-z0-9-]*)$/;

/** The ECR repository a registry repository name stands for; undefined for a built-in registry repository. */
export function parseEcrRegistryName(name: string): EcrRegistryName | undefined {
  const slash = name.indexOf('/');
  if (slash < 0) return undefined;
  const match = namespacePattern.exec(name.slice(0, slash));
  if (!match) return undefined;
  return { account: match[1]!, region: match[2]!, repository: name.slice(slash + 1) };
}

/** Whether a registry repository name lies in some ECR namespace (whether or not the repository exists). */
export function isEcrRegistryName(name: string): boolean {
  return parseEcrRegistryName(name) !== undefined;
}

/**
 * ECR's repository name grammar (ref ecr §1.2): 2–256 characters, lower case, `/` namespaces.
 * The same grammar as a Distribution name, so every ECR repository is servable under its namespace.
 */
export const ecrRepositoryNamePattern =
  /^(?=.{2,256}$)[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
