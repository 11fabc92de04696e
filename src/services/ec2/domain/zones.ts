/**
 * The Availability Zones berth reports for a region. us-east-1 has six (a–f) as on AWS; every other region three
 * (a–c), a choice: AWS's count varies by region and account, and three is what most regions and every CDK default
 * (maxAzs 3) use. Zone ids follow AWS's scheme (`use1-az1`): a region code and the zone's number; AWS maps letters
 * to ids per account, berth maps them in order.
 */
export interface Zone {
  readonly zoneName: string;
  readonly zoneId: string;
}

const directions: Record<string, string> = {
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** `us-east-1` → `use1`, `ap-southeast-2` → `apse2`, as AWS's zone ids begin. */
function regionCode(region: string): string {
  const [area = '', ...rest] = region.split('-');
  const number = rest.pop() ?? '';
  return area + rest.map((word) => directions[word] ?? word.charAt(0)).join('') + number;
}

export function regionZones(region: string): Zone[] {
  const letters = region === 'us-east-1' ? 'abcdef' : 'abc';
  return [...letters].map((letter, index) => ({
    zoneName: `${region}${letter}`,
    zoneId: `${regionCode(region)}-az${index + 1}`,
  }));
}

/**
 * The regions DescribeRegions lists (the ones enabled by default in a new account). Only the region berth serves is
 * backed by records; the others exist so tools that validate a region name (Terraform's provider) find it.
 */
export const defaultRegions = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;
