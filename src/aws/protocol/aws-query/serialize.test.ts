// AWS Query output: ref aws-iam-and-protocols §4.2 (OpResponse/OpResult/ResponseMetadata, <member> lists, ISO 8601 timestamps,
// ErrorResponse with Type Sender|Receiver and the awsQueryError code).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrameworkError, ServiceError, toWireError } from '../../errors.js';
import { element, escapeXml, serializeQueryError, serializeQueryResponse } from './serialize.js';

const meta = { requestId: 'req-1', date: new Date('2024-05-01T12:00:00Z') };
const sts = 'https://sts.amazonaws.com/doc/2011-06-15/';
const header = (headers: Array<[string, string]>, name: string) => headers.find(([n]) => n === name)?.[1];

test('a result with members, lists, maps, timestamps and bytes', () => {
  const response = serializeQueryResponse(
    'AssumeRole',
    {
      Credentials: { AccessKeyId: 'ASIA1', Expiration: new Date('2024-05-01T13:00:00.359Z') },
      AssumedRoleUser: { Arn: 'arn:aws:sts::000000000000:assumed-role/r/s' },
      Roles: ['a', 'b'],
      Empty: [],
      Details: new Map([['k', 'v']]),
      Blob: Buffer.from('hi'),
      Created: new Date('2024-05-01T12:00:00Z'),
      Missing: undefined,
    },
    sts,
    meta,
  );
  assert.equal(response.status, 200);
  assert.equal(header(response.headers, 'Content-Type'), 'text/xml');
  assert.equal(header(response.headers, 'x-amzn-RequestId'), 'req-1');
  assert.equal(header(response.headers, 'Date'), 'Wed, 01 May 2024 12:00:00 GMT');
  assert.equal(
    response.body.toString(),
    `<AssumeRoleResponse xmlns="${sts}"><AssumeRoleResult>` +
      '<Credentials><AccessKeyId>ASIA1</AccessKeyId><Expiration>2024-05-01T13:00:00.359Z</Expiration></Credentials>' +
      '<AssumedRoleUser><Arn>arn:aws:sts::000000000000:assumed-role/r/s</Arn></AssumedRoleUser>' +
      '<Roles><member>a</member><member>b</member></Roles><Empty/>' +
      '<Details><entry><key>k</key><value>v</value></entry></Details><Blob>aGk=</Blob>' +
      '<Created>2024-05-01T12:00:00Z</Created>' +
      '</AssumeRoleResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></AssumeRoleResponse>',
  );
});

test('an operation without output has no Result element', () => {
  const body = serializeQueryResponse('PutRolePolicy', undefined, sts, meta).body.toString();
  assert.equal(
    body,
    `<PutRolePolicyResponse xmlns="${sts}"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutRolePolicyResponse>`,
  );
});

test('an output shape without members still has its Result element (botocore looks for the resultWrapper)', () => {
  const elb = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
  const body = serializeQueryResponse('RegisterTargets', {}, elb, meta).body.toString();
  assert.equal(
    body,
    `<RegisterTargetsResponse xmlns="${elb}"><RegisterTargetsResult></RegisterTargetsResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></RegisterTargetsResponse>`,
  );
});

test('errors: Sender/Receiver, the query code, escaped message', () => {
  const denied = serializeQueryError(
    toWireError(new FrameworkError('accessDenied', 'User: a<b> & "c" is not authorized'), 'aws-query'),
    sts,
    meta,
  );
  assert.equal(denied.status, 403);
  assert.equal(
    denied.body.toString(),
    `<ErrorResponse xmlns="${sts}"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
      '<Message>User: a&lt;b&gt; &amp; &quot;c&quot; is not authorized</Message></Error>' +
      '<RequestId>req-1</RequestId></ErrorResponse>',
  );
  const modelled = serializeQueryError(
    toWireError(new ServiceError('NoSuchEntity', 'gone', { status: 404 }), 'aws-query'),
    sts,
    meta,
  );
  assert.equal(modelled.status, 404);
  assert.match(
    modelled.body.toString(),
    /<Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>gone<\/Message>/,
  );
  const crash = serializeQueryError(toWireError(new Error('secret detail'), 'aws-query'), undefined, meta);
  assert.equal(crash.status, 500);
  assert.match(
    crash.body.toString(),
    /^<ErrorResponse><Error><Type>Receiver<\/Type><Code>InternalFailure<\/Code>/,
  );
  assert.doesNotMatch(crash.body.toString(), /secret detail/);
});

test('XML escaping: markup characters, CR, and characters XML cannot carry', () => {
  assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  assert.equal(escapeXml('line\r\nnext\ttab'), 'line&#13;\nnext\ttab');
  assert.equal(
    escapeXml('nul\u0000 bell\u0007 \uFFFE \uD800 ok \u{1F600}'),
    'nul\uFFFD bell\uFFFD \uFFFD \uFFFD ok \u{1F600}',
  );
  assert.equal(element('Policy', '%7B%22Version%22%7D'), '<Policy>%7B%22Version%22%7D</Policy>');
});

test('property: escaped text contains no markup and unescapes back (for XML-legal input)', () => {
  const unescapeXml = (text: string) =>
    text
      .replaceAll('&#13;', '\r')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&');
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
      const escaped = escapeXml(text);
      assert.doesNotMatch(escaped, /[<>"']|&(?!(amp|lt|gt|quot|apos|#13);)/);
      const legal = [...text].every((c) => {
        const code = c.codePointAt(0)!;
        return code >= 0x20 ? code !== 0xfffe && code !== 0xffff : [9, 10, 13].includes(code);
      });
      if (legal) assert.equal(unescapeXml(escaped), text);
    }),
  );
});
