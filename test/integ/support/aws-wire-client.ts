// Raw signed AWS requests over real loopback HTTP, for tests that must send what no SDK would (a member of the
// wrong type, a tag without its Key): the SDK's own signer (src/testing/sigv4-signing.ts) and node:http.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { HttpRequest, ServiceDefinition, ServiceRouting } from '../../../src/aws/index.js';
import { signRequest } from '../../../src/testing/sigv4-signing.js';
import { queryForm } from './query-form.js';

export interface WireTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface WireAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The request `callOperation` sends, signed: JSON members, or Query structures flattened by queryForm. */
export async function signOperation(
  target: WireTarget,
  service: ServiceRouting,
  operation: string,
  input: Record<string, unknown>,
): Promise<HttpRequest> {
  const url = new URL(target.endpoint);
  if (service.protocol === 'rest-xml') return signRest(target, url, service, input);
  const json = service.protocol === 'aws-json';
  const body = json
    ? JSON.stringify(input)
    : queryForm({ Action: operation, Version: service.version, ...input });
  return signRequest({
    ...signedAs(target, service),
    headers: {
      host: url.host,
      ...(json
        ? {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': `${service.targetPrefix}.${operation}`,
          }
        : { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }),
    },
    body,
  });
}

/** Who signs, for which service and region, now. */
function signedAs(target: WireTarget, service: ServiceRouting) {
  return {
    service: service.signingName,
    region: target.region,
    accessKeyId: target.credentials.accessKeyId,
    secretAccessKey: target.credentials.secretAccessKey,
    time: new Date(),
  };
}

/**
 * A REST-XML (S3) example is the request itself: `{method, path, query, headers, body}`, path-style at the endpoint's
 * address, the path encoded and signed as sent and the payload hash in `x-amz-content-sha256`, as S3 clients sign.
 * Members of another type than the example's (the fuzzer varies them) are written as text; the path and header
 * values are cut at 1 KiB, since a head over node's 16 KiB is refused before anything tells it is S3's (its answer
 * is then the minimal AWS JSON error, docs/limits.md).
 */
async function signRest(
  target: WireTarget,
  url: URL,
  service: ServiceRouting,
  input: Record<string, unknown>,
): Promise<HttpRequest> {
  const full = (value: unknown) =>
    typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  const text = (value: unknown) => full(value).slice(0, 1024);
  const method = /^[A-Z]{3,7}$/.test(text(input.method)) ? text(input.method) : 'GET';
  const path = `/${text(input.path).replace(/^\//, '')}`
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  const body = full(input.body);
  const record = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([name, member]) => [name, text(member)]))
      : {};
  return signRequest({
    ...signedAs(target, service),
    method,
    path,
    query: record(input.query),
    uriEscapePath: false,
    headers: {
      ...record(input.headers),
      host: url.host,
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    },
    body,
  });
}

/** Calls `operation` of `service` with `input` (JSON members, or Query structures flattened by queryForm). */
export async function callOperation(
  target: WireTarget,
  service: ServiceRouting,
  operation: string,
  input: Record<string, unknown>,
): Promise<WireAnswer> {
  const url = new URL(target.endpoint);
  const signed = await signOperation(target, service, operation, input);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: signed.method,
        path: signed.query ? `${signed.path}?${signed.query}` : signed.path,
        headers: Object.fromEntries(signed.headers),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(signed.body);
  });
}

/**
 * Why `answer` is not an AWS error body of the protocol (ref aws-iam-and-protocols §4.1, §4.2), or undefined:
 * JSON `{"__type": "…"}` as application/x-amz-json-1.1; Query `<ErrorResponse><Error><Type/><Code/>…<RequestId/>`;
 * EC2 `<Response><Errors><Error><Code/>…</Errors><RequestID/>`.
 */
export function notAwsError(service: ServiceDefinition, answer: WireAnswer): string | undefined {
  if (service.protocol === 'aws-json') {
    if (!answer.contentType.startsWith('application/x-amz-json-1.1'))
      return `content type ${answer.contentType}`;
    try {
      const parsed = JSON.parse(answer.body) as { __type?: unknown };
      return typeof parsed.__type === 'string' && parsed.__type !== '' ? undefined : 'no __type';
    } catch {
      return 'body is not JSON';
    }
  }
  if (service.protocol === 'rest-xml') return notS3Error(answer);
  if (!answer.contentType.startsWith('text/xml')) return `content type ${answer.contentType}`;
  if (service.protocol === 'ec2') {
    const ec2 =
      /^<Response><Errors><Error><Code>[\w.]+<\/Code>(<Message>[^<]*<\/Message>)?<\/Error><\/Errors><RequestID>[\w-]+<\/RequestID><\/Response>$/;
    return ec2.test(answer.body) ? undefined : 'not an EC2 Response/Errors body';
  }
  const shape =
    /^<ErrorResponse xmlns="[^"]+"><Error><Type>(Sender|Receiver)<\/Type><Code>\w+<\/Code>(<Message>[^<]*<\/Message>)?<\/Error><RequestId>[\w-]+<\/RequestId><\/ErrorResponse>$/;
  return shape.test(answer.body) ? undefined : 'not an ErrorResponse';
}

/** S3's error body: `<Error><Code/><Message/>…<RequestId/></Error>` as application/xml (a HEAD answer has none). */
function notS3Error(answer: WireAnswer): string | undefined {
  if (answer.body === '' && answer.contentType.startsWith('application/xml')) return undefined;
  if (!answer.contentType.startsWith('application/xml')) return `content type ${answer.contentType}`;
  const shape =
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>\w+<\/Code><Message>[^<]*<\/Message>.*<RequestId>[\w-]+<\/RequestId><\/Error>$/s;
  return shape.test(answer.body) ? undefined : 'not an S3 Error';
}
