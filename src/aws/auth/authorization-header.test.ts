// The Authorization header parser: ref aws-iam-and-protocols §3.1 (form) and §3.3 step 2 (IncompleteSignature texts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrameworkError } from '../errors.js';
import { parseAuthorizationHeader, redactAuthorization } from './authorization-header.js';

const signature = 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea';
const valid = `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`;

function messageOf(header: string, hasDate = true): string {
  try {
    parseAuthorizationHeader(header, hasDate);
  } catch (error) {
    assert.ok(error instanceof FrameworkError);
    assert.equal(error.kind, 'incompleteSignature');
    return error.message;
  }
  assert.fail('parsed');
}

test('a well-formed header gives its three components; spacing and order do not matter', () => {
  const expected = {
    credential: 'AKID/20150830/us-east-1/service/aws4_request',
    signedHeaders: ['host', 'x-amz-date'],
    signature,
  };
  assert.deepEqual(parseAuthorizationHeader(valid, true), expected);
  const compact = `AWS4-HMAC-SHA256 Signature=${signature},SignedHeaders=host;x-amz-date,Credential=AKID/20150830/us-east-1/service/aws4_request`;
  assert.deepEqual(parseAuthorizationHeader(`  ${compact}  `, true), expected);
});

// §3.3 step 2: AWS's texts, with the header echoed and its signature hidden.
const cases: Array<[string, string, boolean, string]> = [
  [
    'missing Credential',
    `AWS4-HMAC-SHA256 SignedHeaders=host, Signature=${signature}`,
    true,
    `Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host, Signature=***`,
  ],
  [
    'everything missing, no date',
    'AWS4-HMAC-SHA256',
    false,
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
      "a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
  ],
  [
    'a component without "="',
    `AWS4-HMAC-SHA256 Credential= AKID/20150830/us-east-1/service/aws4_request, AKID/x, Signature=${signature}`,
    true,
    "'AKID/x' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 " +
      "Credential= AKID/20150830/us-east-1/service/aws4_request, AKID/x, Signature=***'.",
  ],
  [
    'an unsupported AWS4 algorithm',
    `AWS4-HMAC-SHA512 ${valid.slice(17)}`,
    true,
    "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'",
  ],
  [
    'a bearer token is echoed as its scheme only',
    'Bearer eyJhbGciOiJIUzI1NiJ9.secret',
    true,
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer ***",
  ],
];

test('malformed headers get AWS’s IncompleteSignature texts', () => {
  for (const [name, header, hasDate, message] of cases)
    assert.equal(messageOf(header, hasDate), message, name);
});

test('a repeated component keeps its last value', () => {
  const parsed = parseAuthorizationHeader(`${valid}, Signature=${'0'.repeat(64)}`, true);
  assert.equal(parsed.signature, '0'.repeat(64));
});

test('redaction hides signatures and non-SigV4 credentials', () => {
  assert.equal(redactAuthorization(valid).includes(signature), false);
  assert.equal(redactAuthorization('opaque-token'), '***');
});

test('property: any header string parses or fails with IncompleteSignature, never leaking a signature', () => {
  const component = fc.oneof(
    fc.constantFrom('Credential', 'SignedHeaders', 'Signature', 'Other', ''),
    fc.string({ maxLength: 12 }),
  );
  const header = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .tuple(
        fc.array(fc.tuple(component, fc.constantFrom('=', '', ' = '), fc.string({ maxLength: 30 })), {
          maxLength: 6,
        }),
        fc.constantFrom(',', ', ', ' ,'),
      )
      .map(
        ([parts, separator]) =>
          `AWS4-HMAC-SHA256 ${parts.map(([k, eq, v]) => `${k}${eq}${v}`).join(separator)}`,
      ),
  );
  fc.assert(
    fc.property(header, fc.boolean(), (text, hasDate) => {
      try {
        const parsed = parseAuthorizationHeader(text, hasDate);
        assert.equal(typeof parsed.credential, 'string');
        assert.ok(Array.isArray(parsed.signedHeaders));
      } catch (error) {
        assert.ok(error instanceof FrameworkError, String(error));
        assert.equal(error.kind, 'incompleteSignature');
        const secret = /Signature=([^,\s]+)/.exec(text)?.[1];
        if (secret && secret !== '***' && secret.length > 3)
          assert.ok(!error.message.includes(`Signature=${secret}`));
      }
    }),
    { numRuns: 2000 },
  );
});
