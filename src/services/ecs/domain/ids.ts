/** Identifiers ECS mints, from the injected randomness so that tests can predict them. */
import type { Random } from '../../../ports/index.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** A task id: 32 lowercase hex digits, as in the long task ARN format. */
export function newTaskId(random: Random): string {
  return hex(random.bytes(16));
}

/** An RFC 4122 version-4 UUID (container ARNs, attachment ids). */
export function newUuid(random: Random): string {
  const bytes = random.bytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An ENI id as EC2 writes them: `eni-` and 17 hex digits. */
export function newEniId(random: Random): string {
  return `eni-${hex(random.bytes(9)).slice(0, 17)}`;
}

/** A locally administered unicast MAC (the first octet's second-lowest bit set, lowest clear), as ENIs have. */
export function newMacAddress(random: Random): string {
  const bytes = random.bytes(6);
  bytes[0] = (bytes[0]! & 0xfc) | 0x02;
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}
