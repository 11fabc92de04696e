import { FrameworkError } from '../../errors.js';
import { firstHeader, type HeaderList } from '../../http.js';
import type { RequestPayload } from './payload.js';
import { parseXml, type XmlNode } from './xml-reader.js';

/** The largest XML document a bucket operation reads (S3 caps DeleteObjects at 1,000 keys, policies at 20 KB). */
const maxXmlBytes = 1024 * 1024;

/**
 * What an S3 handler reads of its request, the REST way: the bucket and key of the address, query parameters,
 * headers, and the body (an XML document, or object data to stream). The handler reads; it never sees HTTP.
 */
export class RestRequest {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly payload: RequestPayload;
  readonly #query: ReadonlyMap<string, string>;
  readonly #headers: HeaderList;

  constructor(parts: {
    method: string;
    bucket: string;
    key: string;
    query: ReadonlyArray<readonly [string, string]>;
    headers: HeaderList;
    payload: RequestPayload;
  }) {
    this.method = parts.method;
    this.bucket = parts.bucket;
    this.key = parts.key;
    this.payload = parts.payload;
    const query = new Map<string, string>();
    for (const [name, value] of parts.query) if (!query.has(name)) query.set(name, value);
    this.#query = query;
    this.#headers = parts.headers;
  }

  query(name: string): string | undefined {
    return this.#query.get(name);
  }

  header(name: string): string | undefined {
    return firstHeader(this.#headers, name);
  }

  /** Headers whose lower-cased name starts with `prefix` (`x-amz-meta-`), the prefix cut off, in arrival order. */
  headersStartingWith(prefix: string): Array<[string, string]> {
    const found: Array<[string, string]> = [];
    for (const [name, value] of this.#headers) {
      const lower = name.toLowerCase();
      if (lower.startsWith(prefix)) found.push([lower.slice(prefix.length), value]);
    }
    return found;
  }

  /** The body as an XML document; undefined when the body is empty. Malformed XML is S3's MalformedXML. */
  async xml(): Promise<XmlNode | undefined> {
    const bytes = await this.payload.bytes(maxXmlBytes);
    if (bytes.length === 0) return undefined;
    return parseXml(bytes.toString('utf8'));
  }

  /** The body as text (a bucket policy's JSON). */
  async text(): Promise<string> {
    return (await this.payload.bytes(maxXmlBytes)).toString('utf8');
  }
}

/** The RestRequest the REST-XML protocol put in an operation's input. */
export function restRequestOf(input: Record<string, unknown>): RestRequest {
  const request = input[restRequestMember];
  if (!(request instanceof RestRequest)) throw new FrameworkError('internalFailure');
  return request;
}

export const restRequestMember = 'request';
