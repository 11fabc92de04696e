import type { Random } from '../../../ports/index.js';

/** A version-4 UUID from the Random port (stack, change-set and event ids). */
export function randomUuid(random: Random): string {
  const b = random.bytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

/** `arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID` or `…:changeSet/NAME/UUID`. */
export function cloudformationArn(
  kind: 'stack' | 'changeSet',
  scope: { readonly partition: string; readonly region: string; readonly account: string },
  name: string,
  uuid: string,
): string {
  return `arn:${scope.partition}:cloudformation:${scope.region}:${scope.account}:${kind}/${name}/${uuid}`;
}
