import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isServiceError } from '../../../aws/index.js';
import { policyDocument } from './policy-document.js';

test('documents are URL-encoded as RFC 3986 (ref aws-iam-and-protocols §4.2): only A-Za-z0-9-_.~ stay as they are', () => {
  assert.equal(
    policyDocument.encode('{"Action": "s3:*", "Resource": "arn:aws:s3:::b/(x)!\'~"}\n'),
    '%7B%22Action%22%3A%20%22s3%3A%2A%22%2C%20%22Resource%22%3A%20%22arn%3Aaws%3As3%3A%3A%3Ab%2F%28x%29%21%27~%22%7D%0A',
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      const encoded = policyDocument.encode(text);
      assert.match(encoded, /^[A-Za-z0-9%._~-]*$/);
      assert.equal(decodeURIComponent(encoded), text);
    }),
  );
});

test('parse turns the engine’s grammar errors into MalformedPolicyDocument with IAM’s text', () => {
  assert.throws(
    () => policyDocument.parse('{"Version":"2012-10-17","Statement":[]}', 'identity'),
    (e: unknown) =>
      isServiceError(e) &&
      e.code === 'MalformedPolicyDocument' &&
      e.status === 400 &&
      e.message === 'Syntax errors in policy.',
  );
  const policy = policyDocument.parse(
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
    'identity',
    'p',
  );
  assert.equal(policy.name, 'p');
});
