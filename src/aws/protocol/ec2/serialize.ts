import type { WireError } from '../../errors.js';
import type { HttpResponse } from '../../http.js';
import { content, escapeXml, isEmptyOutput, xmlContentType } from '../aws-query/serialize.js';
import { type ResponseMeta, responseHeaders } from '../response-headers.js';

/**
 * A successful EC2 response: the output members directly under `<OpResponse xmlns=NS>`, with no `<OpResult>`
 * wrapper and no ResponseMetadata, the request id as the first member `<requestId>` ("Every EC2 response includes a
 * request ID in a requestId element", EC2 User Guide "The Response Structure"; smithy `aws.protocols#ec2Query`
 * "Response serialization"). Lists are `<item>` entries, as EC2's models name them.
 */
export function serializeEc2Response(
  operation: string,
  output: unknown,
  namespace: string,
  meta: ResponseMeta,
): HttpResponse {
  const members = isEmptyOutput(output) ? '' : content(output, 'item');
  const xml =
    `<${operation}Response xmlns="${escapeXml(namespace)}">` +
    `<requestId>${escapeXml(meta.requestId)}</requestId>${members}</${operation}Response>`;
  return { status: 200, headers: responseHeaders(xmlContentType, meta), body: Buffer.from(xml, 'utf8') };
}

/**
 * An EC2 error: `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID>
 * </Response>`, no namespace and no Type (smithy `aws.protocols#ec2Query` "Operation error serialization"; observed
 * byte for byte with `RequestID` in capitals: aws/aws-sdk-java-v2#2981, ansible/ansible#5647).
 */
export function serializeEc2Error(error: WireError, meta: ResponseMeta): HttpResponse {
  const message = error.message === '' ? '' : `<Message>${escapeXml(error.message)}</Message>`;
  const xml =
    `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>${message}</Error></Errors>` +
    `<RequestID>${escapeXml(meta.requestId)}</RequestID></Response>`;
  return {
    status: error.status,
    headers: responseHeaders(xmlContentType, meta),
    body: Buffer.from(xml, 'utf8'),
  };
}
