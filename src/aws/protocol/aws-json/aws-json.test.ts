// AWS JSON 1.1: ref aws-iam-and-protocols §4.1 (X-Amz-Target, empty body as {}, epoch-second timestamps, base64 blobs,
// __type + message/Message, x-amzn-ErrorType, 400 for client errors).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameworkError, ServiceError, toWireError } from '../../errors.js';
import { parseJsonBody, parseJsonTarget } from './parse.js';
import { serializeJsonError, serializeJsonResponse, toJsonValue } from './serialize.js';

const meta = { requestId: 'req-1', date: new Date('2024-05-01T12:00:00Z') };
const header = (headers: Array<[string, string]>, name: string) => headers.find(([n]) => n === name)?.[1];

test('X-Amz-Target splits at the last dot', () => {
  assert.deepEqual(parseJsonTarget('secretsmanager.GetSecretValue'), {
    prefix: 'secretsmanager',
    operation: 'GetSecretValue',
  });
  assert.deepEqual(parseJsonTarget('AmazonEC2ContainerServiceV20141113.RunTask'), {
    prefix: 'AmazonEC2ContainerServiceV20141113',
    operation: 'RunTask',
  });
  for (const bad of ['NoDot', '.Op', 'Prefix.']) assert.equal(parseJsonTarget(bad), undefined);
});

test('bodies: empty is {}, an object is the input, anything else is SerializationException', () => {
  assert.deepEqual(parseJsonBody(Buffer.alloc(0)), {});
  assert.deepEqual(parseJsonBody(Buffer.from('  \n')), {});
  assert.deepEqual(
    parseJsonBody(Buffer.from('{"SecretId":"s","__proto__":{"x":1}}')),
    JSON.parse('{"SecretId":"s","__proto__":{"x":1}}'),
  );
  const cases: Array<[string, string]> = [
    ['{"SecretId":', ''],
    ['[1]', 'Start of list found where not expected'],
    ['"text"', ''],
    ['null', ''],
  ];
  for (const [body, message] of cases) {
    assert.throws(
      () => parseJsonBody(Buffer.from(body)),
      (error: unknown) =>
        error instanceof FrameworkError && error.kind === 'serialization' && error.awsMessage === message,
      body,
    );
  }
  const wire = toWireError(new FrameworkError('serialization', ''), 'aws-json');
  assert.deepEqual([wire.code, wire.status], ['SerializationException', 400]);
});

test('success: 200, the JSON content type, request id, timestamps as epoch seconds and blobs as base64', () => {
  const response = serializeJsonResponse(
    {
      ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:s-AbCdEf',
      CreatedDate: new Date('2018-04-11T20:05:45.713Z'),
      SecretBinary: new Uint8Array([1, 2, 3]),
      VersionStages: ['AWSCURRENT'],
      VersionIdsToStages: new Map([['v1', ['AWSCURRENT']]]),
      Description: undefined,
      Nothing: null,
    },
    meta,
  );
  assert.equal(response.status, 200);
  assert.equal(header(response.headers, 'Content-Type'), 'application/x-amz-json-1.1');
  assert.equal(header(response.headers, 'x-amzn-RequestId'), 'req-1');
  assert.deepEqual(JSON.parse(response.body.toString()), {
    ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:s-AbCdEf',
    CreatedDate: 1523477145.713,
    SecretBinary: 'AQID',
    VersionStages: ['AWSCURRENT'],
    VersionIdsToStages: { v1: ['AWSCURRENT'] },
  });
  assert.equal(serializeJsonResponse(undefined, meta).body.toString(), '{}');
  assert.deepEqual(Object.keys(toJsonValue(JSON.parse('{"__proto__":"x"}')) as object), ['__proto__']);
});

test('errors: __type, the service’s message casing for modelled errors, message for framework errors', () => {
  const modelled = serializeJsonError(
    toWireError(
      new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
      'aws-json',
    ),
    meta,
    'Message',
  );
  assert.equal(modelled.status, 400);
  assert.equal(header(modelled.headers, 'x-amzn-ErrorType'), 'ResourceNotFoundException');
  assert.deepEqual(JSON.parse(modelled.body.toString()), {
    __type: 'ResourceNotFoundException',
    Message: "Secrets Manager can't find the specified secret.",
  });
  const framework = serializeJsonError(
    toWireError(new FrameworkError('unrecognizedClient'), 'aws-json'),
    meta,
    'Message',
  );
  assert.deepEqual(JSON.parse(framework.body.toString()), {
    __type: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
  });
  const unknown = serializeJsonError(
    toWireError(new FrameworkError('unknownOperation', ''), 'aws-json'),
    meta,
    'message',
  );
  assert.deepEqual(JSON.parse(unknown.body.toString()), { __type: 'UnknownOperationException' });
  const server = serializeJsonError(
    toWireError(new ServiceError('KMSInternalException', 'oops', { status: 500 }), 'aws-json'),
    meta,
    'message',
  );
  assert.equal(server.status, 500);
});
