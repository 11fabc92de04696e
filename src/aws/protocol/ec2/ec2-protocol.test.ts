// The EC2 query dialect (smithy aws.protocols#ec2Query; ref cloudformation-cdk §1.2, the EC2 row: form input,
// Version=2016-11-15): Query input, answers without the <XResult> wrapper, its own error body and names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialStore, signingTime, signRequest } from '../../../testing/sigv4-signing.js';
import { SigV4Verifier } from '../../auth/sigv4-verifier.js';
import { FrameworkError, toWireError } from '../../errors.js';
import { createGateway } from '../../gateway/chain.js';
import { type HttpRequest, httpRequest } from '../../http.js';
import { ServiceRegistry } from '../../service-registry.js';
import { serializeEc2Error, serializeEc2Response } from './serialize.js';

const ec2Namespace = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const meta = { requestId: 'req-1', date: new Date('2024-05-01T12:00:00Z') };

test('a response carries requestId first and the members directly, lists as <item>, no Result wrapper', () => {
  const response = serializeEc2Response(
    'DescribeRegions',
    { regionInfo: [{ regionName: 'us-east-1', optInStatus: undefined }], nextToken: undefined },
    ec2Namespace,
    meta,
  );
  assert.equal(response.status, 200);
  assert.equal(
    response.body.toString(),
    `<DescribeRegionsResponse xmlns="${ec2Namespace}"><requestId>req-1</requestId>` +
      '<regionInfo><item><regionName>us-east-1</regionName></item></regionInfo></DescribeRegionsResponse>',
  );
  assert.equal(
    serializeEc2Response('DeleteTags', undefined, ec2Namespace, meta).body.toString(),
    `<DeleteTagsResponse xmlns="${ec2Namespace}"><requestId>req-1</requestId></DeleteTagsResponse>`,
  );
});

test('an error is <Response><Errors><Error>… with RequestID, and EC2 names its framework errors itself', () => {
  const wire = toWireError(new FrameworkError('unrecognizedClient'), 'ec2');
  const response = serializeEc2Error(wire, meta);
  assert.equal(response.status, 401);
  assert.equal(
    response.body.toString(),
    '<Response><Errors><Error><Code>AuthFailure</Code>' +
      '<Message>AWS was not able to validate the provided access credentials</Message></Error></Errors>' +
      '<RequestID>req-1</RequestID></Response>',
  );
  const names = (
    ['signatureDoesNotMatch', 'expiredToken', 'accessDenied', 'validation', 'internalFailure'] as const
  ).map((kind) => {
    const { code, status } = toWireError(new FrameworkError(kind), 'ec2');
    return [code, status];
  });
  assert.deepEqual(names, [
    ['AuthFailure', 401],
    ['RequestExpired', 400],
    ['UnauthorizedOperation', 403],
    ['InvalidParameterValue', 400],
    ['InternalError', 500],
  ]);
  const empty = serializeEc2Error(toWireError(new FrameworkError('unknownOperation', ''), 'ec2'), meta);
  assert.match(empty.body.toString(), /<Error><Code>InvalidAction<\/Code><\/Error>/);
});

function gateway() {
  const registry = new ServiceRegistry();
  const seen: Array<Record<string, unknown>> = [];
  registry.register({
    name: 'ec2',
    signingName: 'ec2',
    protocol: 'ec2',
    version: '2016-11-15',
    xmlNamespace: ec2Namespace,
    load: async () => ({
      operations: {
        DescribeRegions: {
          authorize: 'none',
          handler: async (_ctx, input) => {
            seen.push(input);
            return { regionInfo: [{ regionName: 'us-east-1' }] };
          },
        },
      },
    }),
  });
  registry.register({
    name: 'sts',
    signingName: 'sts',
    protocol: 'aws-query',
    version: '2011-06-15',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    load: async () => ({ operations: {} }),
  });
  let next = 0;
  const handle = createGateway({
    registry,
    verifier: new SigV4Verifier({ credentials: credentialStore(), clock: () => signingTime }),
    authorizer: { authorize: async () => undefined },
    clock: () => signingTime,
    newRequestId: () => `id-${++next}`,
    acceptRegion: () => true,
  });
  return async (request: HttpRequest) => {
    const response = await handle(request);
    return { status: response.status, body: response.body.toString() };
  };
}

const form = (body: string, service = 'ec2') =>
  signRequest({
    service,
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  });

test('through the gateway: an EC2 request is read as a Query form (Name.N lists) and answered as EC2', async () => {
  const handle = gateway();
  const ok = await handle(
    await form('Action=DescribeRegions&Version=2016-11-15&RegionName.1=a&RegionName.2=b'),
  );
  assert.equal(ok.status, 200);
  assert.equal(
    ok.body,
    `<DescribeRegionsResponse xmlns="${ec2Namespace}"><requestId>id-1</requestId>` +
      '<regionInfo><item><regionName>us-east-1</regionName></item></regionInfo></DescribeRegionsResponse>',
  );
});

test('through the gateway: EC2 failures take the EC2 shape, Query failures keep theirs', async () => {
  const handle = gateway();
  const unknown = await handle(await form('Action=Nope&Version=2016-11-15'));
  assert.equal(unknown.status, 400);
  assert.equal(
    unknown.body,
    '<Response><Errors><Error><Code>InvalidAction</Code>' +
      '<Message>Could not find operation Nope for version 2016-11-15</Message></Error></Errors>' +
      '<RequestID>id-1</RequestID></Response>',
  );
  // An unknown Version signed for EC2: the scope still tells the dialect.
  const version = await handle(await form('Action=DescribeRegions&Version=1999-01-01'));
  assert.match(version.body, /^<Response><Errors><Error><Code>InvalidAction<\/Code>/);
  const unsigned = await handle(
    httpRequest({
      headers: [['Content-Type', 'application/x-www-form-urlencoded']],
      body: Buffer.from('Action=DescribeRegions&Version=2016-11-15'),
    }),
  );
  assert.equal(unsigned.status, 401);
  assert.match(unsigned.body, /^<Response><Errors><Error><Code>MissingAuthenticationToken<\/Code>/);
  const sts = await handle(await form('Action=Nope&Version=2011-06-15', 'sts'));
  assert.match(sts.body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error>/);
});
