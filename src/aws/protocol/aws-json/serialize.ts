import type { WireError } from '../../errors.js';
import type { HttpResponse } from '../../http.js';
import { type ResponseMeta, responseHeaders } from '../response-headers.js';

export const jsonContentType = 'application/x-amz-json-1.1';

/** Which casing a service's modelled errors use for the message member (ref aws-iam-and-protocols §4.1). */
export type MessageMember = 'message' | 'Message';

/** A successful AWS JSON 1.1 response: 200, `{}` for an empty output. */
export function serializeJsonResponse(output: unknown, meta: ResponseMeta): HttpResponse {
  const body = JSON.stringify(toJsonValue(output) ?? {});
  return { status: 200, headers: responseHeaders(jsonContentType, meta), body: Buffer.from(body, 'utf8') };
}

/**
 * An AWS JSON 1.1 error: `{"__type": code, "<message member>": text}` plus `x-amzn-ErrorType`. Framework errors
 * use `message`, as AWS's front end does; modelled errors use the service's casing. An empty message is omitted
 * (AWS sends UnknownOperationException with no message).
 */
export function serializeJsonError(
  error: WireError,
  meta: ResponseMeta,
  messageMember: MessageMember,
): HttpResponse {
  const body: Record<string, string> = { __type: error.code };
  if (error.message !== '') body[error.framework ? 'message' : messageMember] = error.message;
  const headers = responseHeaders(jsonContentType, meta);
  headers.push(['x-amzn-ErrorType', error.code]);
  return { status: error.status, headers, body: Buffer.from(JSON.stringify(body), 'utf8') };
}

/**
 * Output values as AWS JSON writes them: Date → epoch seconds (fractional allowed), bytes → base64, Map → object,
 * undefined/null members dropped. Services express their output shape through these value types.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item) ?? null);
  if (value instanceof Map) return objectOf(value.entries());
  if (typeof value === 'object') return objectOf(Object.entries(value));
  return value;
}

function objectOf(entries: Iterable<[unknown, unknown]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, member] of entries) {
    const converted = toJsonValue(member);
    if (converted === undefined) continue;
    const name = String(key);
    // A member named __proto__ must stay a plain member: defineProperty, as assignment would set the prototype.
    if (name === '__proto__') {
      Object.defineProperty(result, name, {
        value: converted,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      result[name] = converted;
    }
  }
  return result;
}
