import type { WireError } from '../../errors.js';
import type { HttpResponse } from '../../http.js';
import { type ResponseMeta, responseHeaders } from '../response-headers.js';

export const xmlContentType = 'text/xml';

/**
 * A successful AWS Query response (ref aws-iam-and-protocols §4.2):
 * `<OpResponse xmlns=NS><OpResult>…</OpResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>`.
 * An operation without output (PutRolePolicy: undefined) has no `<OpResult>`; one whose output shape has no members
 * (ELBv2's RegisterTargets: `{}`) has an empty one, which the model's resultWrapper makes clients expect.
 */
export function serializeQueryResponse(
  operation: string,
  output: unknown,
  namespace: string,
  meta: ResponseMeta,
): HttpResponse {
  const result = output === undefined || output === null ? '' : element(`${operation}Result`, output);
  const xml =
    `<${operation}Response xmlns="${escapeXml(namespace)}">${result}` +
    `<ResponseMetadata><RequestId>${escapeXml(meta.requestId)}</RequestId></ResponseMetadata>` +
    `</${operation}Response>`;
  return { status: 200, headers: responseHeaders(xmlContentType, meta), body: Buffer.from(xml, 'utf8') };
}

/**
 * An AWS Query error: `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>…</Code><Message>…</Message></Error>
 * <RequestId>…</RequestId></ErrorResponse>`, the code being the awsQueryError code (ref aws-iam-and-protocols §4.2).
 */
export function serializeQueryError(
  error: WireError,
  namespace: string | undefined,
  meta: ResponseMeta,
): HttpResponse {
  // The namespace is unknown only when no Query service could be routed to (an unknown Version).
  const xmlns = namespace === undefined ? '' : ` xmlns="${escapeXml(namespace)}"`;
  const type = error.fault === 'server' ? 'Receiver' : 'Sender';
  const message = error.message === '' ? '' : `<Message>${escapeXml(error.message)}</Message>`;
  const xml =
    `<ErrorResponse${xmlns}><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code>${message}</Error>` +
    `<RequestId>${escapeXml(meta.requestId)}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: responseHeaders(xmlContentType, meta),
    body: Buffer.from(xml, 'utf8'),
  };
}

/**
 * One member as Query XML. The value's type is its shape: arrays are lists of `<member>` (EC2: `<item>`), Maps are
 * `<entry><key/><value/></entry>`, Dates ISO 8601 timestamps, bytes base64, objects structures in member order;
 * undefined and null members are left out.
 */
export function element(name: string, value: unknown, item: ListItemName = 'member'): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    return `<${name}>${value.map((entry) => element(item, entry, item)).join('')}</${name}>`;
  }
  if (value instanceof Map) {
    const entries = [...value].map(
      ([key, entry]) => `<entry>${element('key', key, item)}${element('value', entry, item)}</entry>`,
    );
    return `<${name}>${entries.join('')}</${name}>`;
  }
  return `<${name}>${content(value, item)}</${name}>`;
}

/** The element name of list entries: Query's default `member`, or EC2's `item` (its models name them so). */
export type ListItemName = 'member' | 'item';

/** A structure's members, or a scalar's text: what goes between an element's tags. */
export function content(value: unknown, item: ListItemName): string {
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([key, member]) => element(key, member, item))
      .join('');
  }
  return escapeXml(String(value));
}

export function isEmptyOutput(output: unknown): boolean {
  if (output === undefined || output === null) return true;
  return typeof output === 'object' && Object.values(output).every((member) => member === undefined);
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/**
 * Text safe inside an XML element or attribute. CR is written as a character reference (a raw one would be
 * normalised to LF by the client's parser); characters XML 1.0 cannot carry at all become U+FFFD.
 */
export function escapeXml(text: string): string {
  let escaped = '';
  // for…of walks code points, so a surrogate pair is one character and a lone surrogate stands alone.
  for (const char of text) {
    const code = char.codePointAt(0)!;
    escaped += escapes[char] ?? (isXmlChar(code) ? char : '\uFFFD');
  }
  return escaped;
}

/** XML 1.0 `Char`: tab, LF, CR and everything from space up, except surrogates and U+FFFE/U+FFFF. */
function isXmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x9 || code === 0xa || code === 0xd;
  return (code < 0xd800 || code > 0xdfff) && code !== 0xfffe && code !== 0xffff;
}
