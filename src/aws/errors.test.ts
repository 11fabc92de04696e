// The framework error table: ref aws-iam-and-protocols §3.3, §4.1–4.2 and §7.2 (one definition, one name per protocol).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FrameworkError,
  frameworkErrors,
  isFrameworkError,
  isServiceError,
  ServiceError,
  toWireError,
} from './errors.js';

const expected: Record<string, [string, number, string, number]> = {
  missingAuthentication: ['MissingAuthenticationTokenException', 400, 'MissingAuthenticationToken', 403],
  incompleteSignature: ['IncompleteSignatureException', 400, 'IncompleteSignature', 400],
  signatureDoesNotMatch: ['InvalidSignatureException', 400, 'SignatureDoesNotMatch', 403],
  unrecognizedClient: ['UnrecognizedClientException', 400, 'InvalidClientTokenId', 403],
  expiredToken: ['ExpiredTokenException', 400, 'ExpiredToken', 403],
  unknownOperation: ['UnknownOperationException', 400, 'InvalidAction', 400],
  missingAction: ['UnknownOperationException', 400, 'MissingAction', 400],
  malformedQueryString: ['MalformedQueryString', 404, 'MalformedQueryString', 404],
  serialization: ['SerializationException', 400, 'InvalidQueryParameter', 400],
  validation: ['ValidationException', 400, 'ValidationError', 400],
  accessDenied: ['AccessDeniedException', 400, 'AccessDenied', 403],
  internalFailure: ['InternalFailure', 500, 'InternalFailure', 500],
};

test('every framework error has its JSON and Query name and status', () => {
  assert.deepEqual(Object.keys(frameworkErrors).sort(), Object.keys(expected).sort());
  for (const [kind, [jsonCode, jsonStatus, queryCode, queryStatus]] of Object.entries(expected)) {
    const entry = frameworkErrors[kind as keyof typeof frameworkErrors];
    assert.deepEqual(
      [entry.json.code, entry.json.status, entry.query.code, entry.query.status],
      [jsonCode, jsonStatus, queryCode, queryStatus],
    );
  }
});

test('a raiser’s message replaces the default text; unknown errors become InternalFailure without their text', () => {
  const denied = toWireError(new FrameworkError('accessDenied', 'User: x is not authorized'), 'aws-json');
  assert.deepEqual(denied, {
    code: 'AccessDeniedException',
    status: 400,
    fault: 'client',
    message: 'User: x is not authorized',
    framework: true,
  });
  const crash = toWireError(new TypeError('cannot read x of undefined'), 'aws-json');
  assert.equal(crash.code, 'InternalFailure');
  assert.equal(crash.fault, 'server');
  assert.equal(
    crash.message,
    'The request processing has failed because of an unknown error, exception or failure.',
  );
});

test('ServiceError carries code, status and fault; the brands identify both families', () => {
  const error = new ServiceError('NoSuchEntity', 'The role with name x cannot be found.', { status: 404 });
  assert.deepEqual([error.code, error.status, error.fault], ['NoSuchEntity', 404, 'client']);
  assert.equal(new ServiceError('ServiceFailure', 'x', { status: 500 }).fault, 'server');
  assert.ok(isServiceError(error) && !isFrameworkError(error));
  assert.ok(isFrameworkError(new FrameworkError('validation', 'x')));
  assert.equal(toWireError(error, 'aws-query').code, 'NoSuchEntity');
});
