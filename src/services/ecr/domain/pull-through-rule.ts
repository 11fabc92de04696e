/** A pull-through cache rule as stored (ref ecr §1.3 "Pull-through cache rules", §3.5). */
export interface PullThroughRuleDocument {
  readonly account: string;
  readonly region: string;
  /** Without the trailing `/` ECR always assumes, or `ROOT`. */
  readonly ecrRepositoryPrefix: string;
  readonly upstreamRegistryUrl: string;
  readonly upstreamRegistry: string;
  readonly credentialArn?: string;
  readonly upstreamRepositoryPrefix: string;
  /** Epoch seconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The upstream registries ECR names, by the URL each is reached at (ref ecr §1.3, botocore's enum). */
const knownUpstreams: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/, 'ecr'],
  [/^public\.ecr\.aws$/, 'ecr-public'],
  [/^registry-1\.docker\.io$/, 'docker-hub'],
  [/^ghcr\.io$/, 'github-container-registry'],
  [/^registry\.gitlab\.com$/, 'gitlab-container-registry'],
  [/^registry\.k8s\.io$/, 'k8s'],
  [/^[a-z0-9-]+\.azurecr\.io$/, 'azure-container-registry'],
  [/^quay\.io$/, 'quay'],
  [/^cgr\.dev$/, 'chainguard'],
];

/**
 * The `upstreamRegistry` a URL stands for. berth also takes any other registry host (a local Distribution, a
 * self-hosted registry on the machine): AWS would refuse it with UnsupportedUpstreamRegistryException, but no
 * upstream AWS lists is reachable where berth usually runs (no internet in CI), so such hosts report `custom` [INF].
 */
export function upstreamRegistryOf(url: string): string {
  const host = url.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return knownUpstreams.find(([pattern]) => pattern.test(host))?.[1] ?? 'custom';
}

/** ECR's `ecrRepositoryPrefix` grammar: 2–30 characters of the name grammar, an optional trailing `/`, or `ROOT`. */
export const repositoryPrefixPattern =
  /^((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?|ROOT)$/;

/** The model's credentialArn pattern: a Secrets Manager secret whose name starts `ecr-pullthroughcache/`. */
export const credentialArnPattern =
  /^arn:aws(-\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr-pullthroughcache\/[a-zA-Z0-9/_+=.@-]+$/;

/** The prefix as stored: "There is always an assumed / applied to the end of the prefix" (ref ecr §1.3). */
export function normalizePrefix(prefix: string): string {
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}

/**
 * The rule whose prefix a repository name falls under, with the upstream repository it stands for: the longest
 * matching prefix wins; `ROOT` matches every name (the whole name is the upstream repository).
 */
export function matchRule(
  rules: readonly PullThroughRuleDocument[],
  name: string,
): { rule: PullThroughRuleDocument; upstreamRepository: string } | undefined {
  let best: { rule: PullThroughRuleDocument; upstreamRepository: string } | undefined;
  let bestLength = -1;
  for (const rule of rules) {
    const prefix = rule.ecrRepositoryPrefix;
    const root = prefix === 'ROOT';
    const rest = root ? name : name.startsWith(`${prefix}/`) ? name.slice(prefix.length + 1) : undefined;
    const length = root ? 0 : prefix.length;
    if (rest === undefined || rest === '' || length <= bestLength) continue;
    const upstreamPrefix = rule.upstreamRepositoryPrefix;
    best = { rule, upstreamRepository: upstreamPrefix === 'ROOT' ? rest : `${upstreamPrefix}/${rest}` };
    bestLength = length;
  }
  return best;
}
