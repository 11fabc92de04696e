// The fuzzer's verdict on one answer (ref aws-iam-and-protocols §4.1, §4.2): no 5xx (berth documents no
// ServiceUnavailable path), and an error is AWS-shaped for the protocol it was answered in.
import type { RawAnswer } from './raw-wire.js';

const queryError =
  /^<ErrorResponse( xmlns="[^"]+")?><Error><Type>(Sender|Receiver)<\/Type><Code>\w+<\/Code>(<Message>[^<]*<\/Message>)?<\/Error><RequestId>[\w-]+<\/RequestId><\/ErrorResponse>$/;
// EC2's codes carry dots (InvalidRouteTableID.NotFound).
const ec2Error =
  /^<Response><Errors><Error><Code>[\w.]+<\/Code><Message>[^<]*<\/Message><\/Error><\/Errors><RequestID>[\w-]+<\/RequestID><\/Response>$/;

const s3Error =
  /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>\w+<\/Code><Message>[^<]*<\/Message>.*<RequestId>[\w-]+<\/RequestId><\/Error>$/s;

/**
 * Why `answer` breaks the properties, or undefined. `expected` is the protocol the request spoke; undefined when
 * the bytes were mangled so that any AWS shape (or, for bytes that are not HTTP, a bare 400) will do.
 */
export function violation(
  answer: RawAnswer,
  expected?: 'aws-json' | 'aws-query' | 'ec2' | 'rest-xml',
): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  const type = answer.headers['content-type'] ?? '';
  if (expected === undefined && answer.body === '' && answer.status === 400) return undefined;
  const json = type.startsWith('application/x-amz-json-1') && jsonError(answer.body);
  const xml =
    (type.startsWith('text/xml') && (queryError.test(answer.body) || ec2Error.test(answer.body))) ||
    (type.startsWith('application/xml') && (answer.body === '' || s3Error.test(answer.body)));
  if (expected === 'aws-json' && !json)
    return `not an AWS JSON error (${type}): ${answer.body.slice(0, 300)}`;
  if (expected !== undefined && expected !== 'aws-json' && !xml)
    return `not an AWS XML error (${type}): ${answer.body.slice(0, 300)}`;
  if (!json && !xml) return `not AWS-shaped (${answer.status}, ${type}): ${answer.body.slice(0, 300)}`;
  return undefined;
}

function jsonError(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { __type?: unknown };
    return typeof parsed.__type === 'string' && parsed.__type !== '';
  } catch {
    return false;
  }
}
