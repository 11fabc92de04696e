/**
 * EC2 resource ids: a prefix and 17 lower-case hex digits (`vpc-0a1b2c3d4e5f67890`), the long form every account has
 * used since 2018. The prefix tells the kind, which CreateTags and DescribeTags need.
 */
export const resourceKinds = {
  vpc: 'vpc',
  subnet: 'subnet',
  'route-table': 'rtb',
  'internet-gateway': 'igw',
  natgateway: 'nat',
  'elastic-ip': 'eipalloc',
  'security-group': 'sg',
  'vpc-endpoint': 'vpce',
} as const;

/** EC2's resource types (DescribeTags' resourceType, TagSpecification.ResourceType). */
export type ResourceKind = keyof typeof resourceKinds;

export function ec2Id(prefix: string, bytes: Uint8Array): string {
  return `${prefix}-${Buffer.from(bytes).toString('hex').slice(0, 17)}`;
}

/** The kind an id names by its prefix, or undefined for an id of no resource berth keeps. */
export function kindOfId(id: string): ResourceKind | undefined {
  const prefix = id.slice(0, id.lastIndexOf('-'));
  const entry = Object.entries(resourceKinds).find(([, known]) => known === prefix);
  return entry?.[0] as ResourceKind | undefined;
}

/**
 * A deterministic id derived from another (a VPC's default network ACL, its DHCP options): records berth does not
 * store still keep one id across calls.
 */
export function derivedId(prefix: string, from: string): string {
  return `${prefix}-${from.slice(from.lastIndexOf('-') + 1)}`;
}
