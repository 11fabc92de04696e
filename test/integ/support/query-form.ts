// AWS Query form encoding of structured members (ref aws-iam-and-protocols §4.2): lists as `Name.member.N`,
// structures as `Name.Member`, scalars as text; percent-encoded as the SDKs do (RFC 3986).
import { rfc3986 } from '../../../src/testing/sigv4-signing.js';

/** `{Tags: [{Key: 'k'}]}` → `Tags.member.1.Key=k`; an empty list is `Name=`, as the SDKs send it. */
export function queryForm(members: Record<string, unknown>): string {
  const pairs: [string, string][] = [];
  const add = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      if (value.length === 0) pairs.push([name, '']);
      for (const [index, item] of value.entries()) add(`${name}.member.${index + 1}`, item);
    } else if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) add(`${name}.${key}`, item);
    } else {
      pairs.push([name, String(value)]);
    }
  };
  for (const [name, value] of Object.entries(members)) add(name, value);
  return pairs.map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`).join('&');
}
