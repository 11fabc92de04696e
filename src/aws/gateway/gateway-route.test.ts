// The gateway as a mount: the requests it claims before any path prefix (SigV4 scope of a served service), and its
// AWS-shaped answers to requests refused at the HTTP level (issue 20 item 2; ref aws-iam-and-protocols §4.1–4.2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialStore, presignRequest, signRequest } from '../../testing/sigv4-signing.js';
import { SigV4Verifier } from '../auth/sigv4-verifier.js';
import type { HttpRequest } from '../http.js';
import { ServiceRegistry } from '../service-registry.js';
import type { GatewayOptions } from './exchange.js';
import { framingRefusal, signedForServedService } from './gateway-route.js';

const stsNamespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

function options(): GatewayOptions {
  const registry = new ServiceRegistry()
    .register({
      name: 'sts',
      signingName: 'sts',
      protocol: 'aws-query',
      version: '2011-06-15',
      xmlNamespace: stsNamespace,
      load: async () => ({ operations: {} }),
    })
    .register({
      name: 'kms',
      signingName: 'kms',
      protocol: 'aws-json',
      targetPrefix: 'TrentService',
      errorMessageMember: 'message',
      load: async () => ({ operations: {} }),
    });
  const clock = () => new Date('2024-05-01T12:00:00Z');
  return {
    registry,
    verifier: new SigV4Verifier({ credentials: credentialStore(), clock }),
    authorizer: { authorize: async () => undefined },
    clock,
    newRequestId: () => 'req-1',
    acceptRegion: () => true,
  };
}

const head = ({ body: _body, ...rest }: HttpRequest) => rest;

test('claims a request signed (header or presigned) for a served service, whatever its path; nothing else', async () => {
  const claims = signedForServedService(options().registry);
  assert.equal(claims(head(await signRequest({ service: 'sts', path: '/v2/token' }))), true);
  assert.equal(claims(head(await presignRequest({ service: 'kms', path: '/console/' }))), true);
  assert.equal(claims(head(await signRequest({ service: 's3', path: '/v2/x' }))), false, 'not served');
  const basic = { method: 'GET', path: '/v2/', query: '', remoteAddress: '', tls: false };
  assert.equal(claims({ ...basic, headers: [['Authorization', 'Basic YTpi']] }), false);
  assert.equal(claims({ ...basic, headers: [['Authorization', 'Bearer eyJ.x.y']] }), false);
  assert.equal(claims({ ...basic, headers: [] }), false);
});

test('a refused request is answered in the protocol its head tells, with AWS front-end codes', async () => {
  const refuse = framingRefusal(options());
  const json = refuse(
    { ...head(await signRequest({ service: 'kms' })), headers: [['X-Amz-Target', 'TrentService.Encrypt']] },
    'body-too-large',
  );
  assert.equal(json.status, 413);
  assert.deepEqual(JSON.parse(json.body.toString()), {
    __type: 'RequestEntityTooLargeException',
    message: 'Problems with the request at the HTTP level. The request entity is too large.',
  });
  assert.ok(json.headers.some(([name, value]) => name === 'x-amzn-ErrorType' && value.startsWith('Request')));

  // Signed for STS: its Query shape and namespace, though the Action (in the refused body) is unknown.
  const query = refuse(head(await signRequest({ service: 'sts' })), 'headers-too-large');
  assert.equal(query.status, 400);
  assert.equal(
    query.body.toString(),
    `<ErrorResponse xmlns="${stsNamespace}"><Error><Type>Sender</Type><Code>MalformedHttpRequestException</Code>` +
      '<Message>Problems with the request at the HTTP level. The request headers are too large.</Message></Error>' +
      '<RequestId>req-1</RequestId></ErrorResponse>',
  );

  // Unsigned, a form body: Query's shape without a namespace.
  const form = refuse(
    {
      method: 'POST',
      path: '/',
      query: '',
      headers: [['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8']],
      remoteAddress: '',
      tls: false,
    },
    'malformed-request',
  );
  assert.match(
    form.body.toString(),
    /^<ErrorResponse><Error><Type>Sender<\/Type><Code>MalformedHttpRequestException</,
  );
});

test('with nothing to tell the protocol, the minimal AWS JSON error', () => {
  const refuse = framingRefusal(options());
  for (const refused of [refuse(undefined, 'malformed-request'), refuse(undefined, 'headers-too-large')]) {
    assert.equal(refused.status, 400);
    assert.deepEqual(Object.keys(JSON.parse(refused.body.toString())), ['__type', 'message']);
  }
  assert.equal(
    JSON.parse(refuse(undefined, 'body-too-large').body.toString()).__type,
    'RequestEntityTooLargeException',
  );
});
