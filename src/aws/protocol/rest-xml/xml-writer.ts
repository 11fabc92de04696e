import { escapeXml } from '../aws-query/serialize.js';

/**
 * A value S3 writes as XML: objects are elements in member order, arrays repeat their element (S3's lists are
 * flattened: `<Contents>` once per object; a wrapped list is an object holding the array), Dates ISO 8601 with
 * milliseconds (S3's `2009-10-12T17:50:30.000Z`), undefined members left out.
 */
export type XmlValue = string | number | boolean | Date | XmlObject | readonly XmlValue[] | undefined;
export interface XmlObject {
  readonly [member: string]: XmlValue;
}

/** A whole response document: `<?xml …?><Root xmlns=…>…</Root>`. */
export function xmlDocument(root: string, value: XmlObject | string, namespace?: string): string {
  const xmlns = namespace === undefined ? '' : ` xmlns="${escapeXml(namespace)}"`;
  const body = typeof value === 'string' ? escapeXml(value) : members(value);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${xmlns}>${body}</${root}>`;
}

function members(value: XmlObject): string {
  let out = '';
  for (const [name, member] of Object.entries(value)) out += element(name, member);
  return out;
}

function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') return `<${name}>${members(value as XmlObject)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
