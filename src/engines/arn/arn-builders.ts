/**
 * The shared ARN builders, so each resource type has exactly one format. The rule: ARNs several services mint
 * (IAM principals and policies, KMS keys, secrets) are built here; a service's own resources in
 * `engines/<svc>/<svc>-arns.ts` (as `engines/ecs/ecs-arns.ts`); no ARN is written by hand elsewhere.
 * Paths (`/` or `/team/`) are part of IAM role, user and policy ARNs; a path prefix alone (ListRoles' resource) is
 * the ARN with an empty name.
 */
export const arnBuilders = {
  accountRoot: (partition: string, account: string) => `arn:${partition}:iam::${account}:root`,
  user: (partition: string, account: string, name: string, path = '/') =>
    `arn:${partition}:iam::${account}:user${path}${name}`,
  role: (partition: string, account: string, name: string, path = '/') =>
    `arn:${partition}:iam::${account}:role${path}${name}`,
  assumedRole: (partition: string, account: string, roleName: string, sessionName: string) =>
    `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`,
  managedPolicy: (partition: string, account: string, name: string, path = '/') =>
    `arn:${partition}:iam::${account}:policy${path}${name}`,
  awsManagedPolicy: (partition: string, name: string, path = '/') =>
    `arn:${partition}:iam::aws:policy${path}${name}`,
  secret: (partition: string, region: string, account: string, nameWithSuffix: string) =>
    `arn:${partition}:secretsmanager:${region}:${account}:secret:${nameWithSuffix}`,
  kmsKey: (partition: string, region: string, account: string, keyId: string) =>
    `arn:${partition}:kms:${region}:${account}:key/${keyId}`,
  kmsAlias: (partition: string, region: string, account: string, aliasName: string) =>
    `arn:${partition}:kms:${region}:${account}:${aliasName}`,
} as const;
