/**
 * IPv4 CIDR blocks as EC2 takes them (a VPC's or a subnet's CidrBlock): strict `a.b.c.d/n`, host bits zero. Pure:
 * the service turns a refusal into EC2's own text.
 */
export interface CidrBlock {
  /** The first address as an unsigned 32-bit number. */
  readonly first: number;
  readonly prefix: number;
}

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The block, or undefined when the text is not a canonical IPv4 CIDR block. */
export function readCidr(text: string): CidrBlock | undefined {
  const match = cidrPattern.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const first = octets.reduce((value, octet) => value * 256 + octet, 0);
  return first % blockSize(prefix) === 0 ? { first, prefix } : undefined;
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrWithin(inner: CidrBlock, outer: CidrBlock): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.first >= outer.first &&
    inner.first + blockSize(inner.prefix) <= outer.first + blockSize(outer.prefix)
  );
}

export function cidrsIntersect(a: CidrBlock, b: CidrBlock): boolean {
  return a.first < b.first + blockSize(b.prefix) && b.first < a.first + blockSize(a.prefix);
}

/** The `offset`-th address of the block, dotted. */
export function addressIn(block: CidrBlock, offset: number): string {
  const value = block.first + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** EC2 reserves five addresses of every subnet (the first four and the last). */
export function usableAddresses(block: CidrBlock): number {
  return blockSize(block.prefix) - 5;
}
