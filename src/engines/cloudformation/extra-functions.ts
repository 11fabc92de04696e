import { firstUnknown, type TemplateValue } from './template-value.js';

/**
 * Intrinsic functions that need nothing but their resolved arguments: `Fn::Cidr`, the AWS::LanguageExtensions
 * functions `Fn::ToJsonString` and `Fn::Length`, and the Rules functions `Fn::Contains`, `Fn::EachMemberEquals`,
 * `Fn::EachMemberIn` (AWS's intrinsic function and rules references; ref cloudformation-cdk §4.5, §5.1). Each returns
 * undefined for ill-formed arguments, or the first Unknown inside them.
 */
export const extraFunctions: Readonly<Record<string, (value: TemplateValue) => TemplateValue | undefined>> = {
  'Fn::Cidr': (value) => firstUnknown(value) ?? cidr(value),
  'Fn::ToJsonString': (value) => firstUnknown(value) ?? JSON.stringify(value),
  'Fn::Length': (value) => (Array.isArray(value) ? (firstUnknown(value) ?? value.length) : undefined),
  'Fn::Contains': (value) => pairOfList(value, (list, item) => list.some((entry) => same(entry, item))),
  'Fn::EachMemberEquals': (value) =>
    pairOfList(value, (list, item) => list.every((entry) => same(entry, item))),
  'Fn::EachMemberIn': (value) =>
    pairOfList(
      value,
      (list, allowed) => Array.isArray(allowed) && list.every((entry) => allowed.some((a) => same(a, entry))),
    ),
};

function same(a: TemplateValue, b: TemplateValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function pairOfList(
  value: TemplateValue,
  test: (list: readonly TemplateValue[], other: TemplateValue) => boolean,
): TemplateValue | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !Array.isArray(value[0])) return undefined;
  return firstUnknown(value) ?? test(value[0] as readonly TemplateValue[], value[1]);
}

/** `[ipBlock, count, cidrBits]`: `count` consecutive subnets with `cidrBits` host bits each, IPv4 or IPv6. */
function cidr(value: TemplateValue): TemplateValue | undefined {
  if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string') return undefined;
  const count = Number(value[1]);
  const hostBits = Number(value[2]);
  const block = parseBlock(value[0]);
  if (!block || !Number.isInteger(count) || count < 1 || count > 256) return undefined;
  const width = block.v6 ? 128 : 32;
  if (!Number.isInteger(hostBits) || hostBits < 1 || width - hostBits < block.prefix) return undefined;
  const size = 1n << BigInt(hostBits);
  if (BigInt(count) > 1n << BigInt(width - hostBits - block.prefix)) return undefined;
  const subnets: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) {
    subnets.push(`${formatAddress(block.base + i * size, block.v6)}/${width - hostBits}`);
  }
  return subnets;
}

function parseBlock(text: string): { base: bigint; prefix: number; v6: boolean } | undefined {
  const [address, prefixText] = text.split('/');
  const prefix = Number(prefixText);
  if (address === undefined || !Number.isInteger(prefix)) return undefined;
  const v6 = address.includes(':');
  const parsed = v6 ? parseV6(address) : parseV4(address);
  const width = v6 ? 128 : 32;
  if (parsed === undefined || prefix < 0 || prefix > width) return undefined;
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
  return { base: parsed & mask, prefix, v6 };
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

function formatAddress(value: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  // RFC 5952: the longest run of two or more zero groups becomes `::`.
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
}
