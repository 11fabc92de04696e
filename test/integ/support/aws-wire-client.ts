// Raw signed AWS requests over real loopback HTTP, for tests that must send what no SDK would (a member of the
// wrong type, a tag without its Key): the SDK's own signer (src/testing/sigv4-signing.ts) and node:http.
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
  const json = service.protocol === 'aws-json';
  const body = json
    ? JSON.stringify(input)
    : queryForm({ Action: operation, Version: service.version, ...input });
  return signRequest({
    service: service.signingName,
    region: target.region,
    accessKeyId: target.credentials.accessKeyId,
    secretAccessKey: target.credentials.secretAccessKey,
    time: new Date(),
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
