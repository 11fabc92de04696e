// SigV4 server-side verification: reference/aws-iam-and-protocols.md §3.1–3.3 (checks, order, codes, texts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Secret } from '../../errors/index.js';
import {
  akid,
  authorizationOf,
  credentialStore,
  presignRequest,
  rolePrincipal,
  secret,
  sessionToken,
  signingTime,
  signRequest,
  tempAkid,
  tempSecret,
  userPrincipal,
  withHeader,
} from '../../testing/sigv4-signing.js';
import { FrameworkError, type FrameworkErrorKind, toWireError } from '../errors.js';
import type { HttpRequest } from '../http.js';
import { SigV4Verifier, type VerifyExpectation } from './sigv4-verifier.js';

const sts: VerifyExpectation = { service: 'sts', acceptRegion: () => true, skewMinutes: 15 };
const secretsManager: VerifyExpectation = {
  service: 'secretsmanager',
  acceptRegion: () => true,
  skewMinutes: 5,
};
const body = 'Action=GetCallerIdentity&Version=2011-06-15';

function verifier(now = signingTime, credentials = credentialStore()): SigV4Verifier {
  return new SigV4Verifier({ credentials, clock: () => now });
}

async function rejection(promise: Promise<unknown>): Promise<FrameworkError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof FrameworkError, `expected a FrameworkError, got ${String(error)}`);
    return error;
  }
  assert.fail('the request was accepted');
}

describe('requests the SDK signer produces are accepted (§3.2)', () => {
  test('header auth, permanent key: the caller is the key’s principal', async () => {
    const result = await verifier().verify(await signRequest({ body }), sts);
    assert.deepEqual(result, {
      caller: { accessKeyId: akid, principal: userPrincipal, temporary: false },
      region: 'us-east-1',
    });
  });

  test('header auth with a session token (x-amz-security-token signed)', async () => {
    const request = await signRequest({
      body,
      accessKeyId: tempAkid,
      secretAccessKey: tempSecret,
      sessionToken,
    });
    assert.match(authorizationOf(request), /x-amz-security-token/);
    const result = await verifier().verify(request, sts);
    assert.deepEqual(result.caller, { accessKeyId: tempAkid, principal: rolePrincipal, temporary: true });
  });

  test('presigned query, with and without a session token', async () => {
    const plain = await presignRequest({
      method: 'GET',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    });
    assert.match(plain.query, /X-Amz-Signature=/);
    assert.equal((await verifier().verify(plain, sts)).caller.accessKeyId, akid);
    const temp = await presignRequest({
      method: 'GET',
      accessKeyId: tempAkid,
      secretAccessKey: tempSecret,
      sessionToken,
    });
    assert.match(temp.query, /X-Amz-Security-Token=/);
    assert.equal((await verifier().verify(temp, sts)).caller.temporary, true);
  });

  test('a presigned request stays valid until X-Amz-Expires, past the skew window', async () => {
    const request = await presignRequest({ method: 'GET', expiresIn: 3600 });
    const later = new Date(signingTime.getTime() + 50 * 60_000);
    assert.equal((await verifier(later).verify(request, sts)).caller.accessKeyId, akid);
  });

  test('repeated headers are joined with "," in arrival order from the raw list', async () => {
    const signed = await signRequest({ body, headers: { 'x-dup': 'first,second' } });
    const split: HttpRequest = {
      ...signed,
      headers: [...signed.headers.filter(([n]) => n !== 'x-dup'), ['X-Dup', ' first '], ['x-dup', 'second']],
    };
    assert.equal((await verifier().verify(split, sts)).caller.accessKeyId, akid);
    const swapped: HttpRequest = {
      ...signed,
      headers: [...signed.headers.filter(([n]) => n !== 'x-dup'), ['x-dup', 'second'], ['x-dup', 'first']],
    };
    const error = await rejection(verifier().verify(swapped, sts));
    assert.equal(error.kind, 'signatureDoesNotMatch');
  });

  test('a client that signed user-agent (normally unsignable) is verified with its own SignedHeaders', async () => {
    const request = await signRequest({
      body,
      headers: { 'user-agent': 'aws-cli/1.45.11  Python/3.12' },
      signableHeaders: new Set(['user-agent']),
    });
    assert.match(authorizationOf(request), /user-agent/);
    assert.equal((await verifier().verify(request, sts)).caller.accessKeyId, akid);
  });
});

interface Negative {
  name: string;
  request: () => Promise<HttpRequest>;
  expected?: VerifyExpectation;
  now?: Date;
  kind: FrameworkErrorKind;
  message: string | undefined;
}

const mismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access ' +
  'Key and signing method. Consult the service documentation for details.';
const minutes = (n: number) => new Date(signingTime.getTime() + n * 60_000);

// §3.3: each failure, the kind (→ code/status per protocol below) and AWS's exact text.
const negatives: Negative[] = [
  {
    name: 'no authentication at all',
    request: async () => withHeader(await signRequest({ body }), 'authorization', undefined),
    kind: 'missingAuthentication',
    message: undefined,
  },
  {
    name: 'tampered body',
    request: async () => ({ ...(await signRequest({ body })), body: Buffer.from(`${body}&x=1`) }),
    kind: 'signatureDoesNotMatch',
    message: undefined,
  },
  {
    name: 'x-amz-content-sha256 is not trusted: a lying header still fails',
    request: async () => {
      const signed = await signRequest({ body, unsignableHeaders: new Set(['x-amz-content-sha256']) });
      return {
        ...withHeader(signed, 'x-amz-content-sha256', 'UNSIGNED-PAYLOAD'),
        body: Buffer.from('Action=Other'),
      };
    },
    kind: 'signatureDoesNotMatch',
    message: undefined,
  },
  {
    name: 'wrong secret',
    request: () => signRequest({ body, secretAccessKey: 'not-the-secret' }),
    kind: 'signatureDoesNotMatch',
    message: undefined,
  },
  {
    name: 'unknown access key',
    request: () => signRequest({ body, accessKeyId: 'AKIAUNKNOWN000000000' }),
    kind: 'unrecognizedClient',
    message: undefined,
  },
  {
    name: 'temporary key without its session token',
    request: () => signRequest({ body, accessKeyId: tempAkid, secretAccessKey: tempSecret }),
    kind: 'unrecognizedClient',
    message: undefined,
  },
  {
    name: 'temporary key with another session token',
    request: () =>
      signRequest({ body, accessKeyId: tempAkid, secretAccessKey: tempSecret, sessionToken: 'other' }),
    kind: 'unrecognizedClient',
    message: undefined,
  },
  {
    name: 'permanent key with a session token',
    request: () => signRequest({ body, sessionToken }),
    kind: 'unrecognizedClient',
    message: undefined,
  },
  {
    name: 'expired temporary credentials',
    request: () =>
      signRequest({
        body,
        accessKeyId: tempAkid,
        secretAccessKey: tempSecret,
        sessionToken,
        time: minutes(61),
      }),
    now: minutes(61),
    kind: 'expiredToken',
    message: undefined,
  },
  {
    name: 'wrong region in scope',
    request: () => signRequest({ body, region: 'mars-west-1' }),
    expected: { ...sts, acceptRegion: (region) => region === 'us-east-1' },
    kind: 'signatureDoesNotMatch',
    message: "Credential should be scoped to a valid region, not 'mars-west-1'.",
  },
  {
    name: 'wrong service in scope',
    request: () => signRequest({ body, service: 'iam' }),
    kind: 'signatureDoesNotMatch',
    message: "Credential should be scoped to correct service: 'sts'.",
  },
  {
    name: 'wrong date in scope (and all scope problems together)',
    request: async () => {
      const signed = await signRequest({ body, service: 'iam', region: 'eu-west-1' });
      const header = authorizationOf(signed).replace(
        '20240501/eu-west-1/iam/aws4_request',
        '20240430/eu-west-1/iam/aws5',
      );
      return withHeader(signed, 'Authorization', header);
    },
    expected: { ...sts, acceptRegion: (region) => region === 'us-east-1' },
    kind: 'signatureDoesNotMatch',
    message:
      "Credential should be scoped to a valid region, not 'eu-west-1'. Credential should be scoped to correct " +
      "service: 'sts'. Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5'. Date in " +
      "Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240430' != '20240501', " +
      "from '20240501T120000Z'.",
  },
  {
    name: 'signed 16 minutes ago (STS window 15 min)',
    request: () => signRequest({ body, time: minutes(-16) }),
    kind: 'signatureDoesNotMatch',
    message:
      'Signature expired: 20240501T114400Z is now earlier than 20240501T114500Z (20240501T120000Z - 15 min.)',
  },
  {
    name: 'signed 6 minutes ago (Secrets Manager window 5 min)',
    request: () => signRequest({ body: '{}', service: 'secretsmanager', time: minutes(-6) }),
    expected: secretsManager,
    kind: 'signatureDoesNotMatch',
    message:
      'Signature expired: 20240501T115400Z is now earlier than 20240501T115500Z (20240501T120000Z - 5 min.)',
  },
  {
    name: 'signed 16 minutes in the future',
    request: () => signRequest({ body, time: minutes(16) }),
    kind: 'signatureDoesNotMatch',
    message:
      'Signature not yet current: 20240501T121600Z is still later than 20240501T121500Z (20240501T120000Z + 15 min.)',
  },
  {
    name: 'presigned request past X-Amz-Expires',
    request: () => presignRequest({ method: 'GET', expiresIn: 60 }),
    now: minutes(2),
    kind: 'signatureDoesNotMatch',
    message:
      'Signature expired: 20240501T120000Z is now earlier than 20240501T120100Z (20240501T120200Z - 60 sec.)',
  },
  {
    name: 'SignedHeaders without host',
    request: async () => {
      const signed = await signRequest({ body });
      return withHeader(
        signed,
        'Authorization',
        authorizationOf(signed).replace(/SignedHeaders=[^,]*/, 'SignedHeaders=x-amz-date'),
      );
    },
    kind: 'signatureDoesNotMatch',
    message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  },
  {
    name: 'Authorization without Signature and SignedHeaders',
    request: async () =>
      withHeader(
        await signRequest({ body }),
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/sts/aws4_request',
      ),
    kind: 'incompleteSignature',
    message:
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' " +
      'parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/sts/aws4_request',
  },
  {
    name: 'no date at all',
    request: async () => withHeader(await signRequest({ body }), 'x-amz-date', undefined),
    kind: 'incompleteSignature',
    message: undefined, // asserted by prefix below
  },
  {
    name: 'X-Amz-Date not in basic format',
    request: async () => withHeader(await signRequest({ body }), 'X-Amz-Date', '2024-05-01T12:00:00Z'),
    kind: 'incompleteSignature',
    message:
      "Date must be in ISO-8601 'basic format'. Got '2024-05-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
  },
  {
    name: 'Credential with four elements',
    request: async () => {
      const signed = await signRequest({ body });
      return withHeader(signed, 'Authorization', authorizationOf(signed).replace('AKIDEXAMPLE/', ''));
    },
    kind: 'incompleteSignature',
    message:
      'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got ' +
      "'20240501/us-east-1/sts/aws4_request'",
  },
  {
    name: 'both an Authorization header and presigned parameters',
    request: async () => ({ ...(await signRequest({ body })), query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' }),
    kind: 'signatureDoesNotMatch',
    message: undefined,
  },
];

// §3.3 and §7.2: JSON code and status, then Query code and status.
const wireNames: Partial<Record<FrameworkErrorKind, [string, number, string, number]>> = {
  missingAuthentication: ['MissingAuthenticationTokenException', 400, 'MissingAuthenticationToken', 403],
  incompleteSignature: ['IncompleteSignatureException', 400, 'IncompleteSignature', 400],
  signatureDoesNotMatch: ['InvalidSignatureException', 400, 'SignatureDoesNotMatch', 403],
  unrecognizedClient: ['UnrecognizedClientException', 400, 'InvalidClientTokenId', 403],
  expiredToken: ['ExpiredTokenException', 400, 'ExpiredToken', 403],
};

describe('each failure gets its code, status and AWS text in both protocols (§3.3)', () => {
  for (const negative of negatives) {
    test(negative.name, async () => {
      const error = await rejection(
        verifier(negative.now).verify(await negative.request(), negative.expected ?? sts),
      );
      assert.equal(error.kind, negative.kind);
      if (negative.name === 'no date at all') {
        assert.match(
          error.message,
          /^Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\. Authorization=AWS4-HMAC-SHA256 /,
        );
      } else {
        assert.equal(error.awsMessage, negative.message);
      }
      const names = wireNames[negative.kind];
      assert.ok(names, negative.kind);
      const json = toWireError(error, 'aws-json');
      const query = toWireError(error, 'aws-query');
      assert.deepEqual([json.code, json.status, query.code, query.status], names);
      // A raiser's text is the same in both protocols; only defaults (missing authentication) differ.
      if (error.awsMessage !== undefined) assert.equal(json.message, query.message);
      if (negative.message !== undefined) assert.equal(json.message, negative.message);
      for (const text of [secret, tempSecret, sessionToken]) assert.ok(!json.message.includes(text));
      assert.doesNotMatch(error.message, /Signature=[0-9a-f]{64}/);
    });
  }
});

// §3.3 and §7.2: the same failure, named and numbered per protocol.
const perProtocol: Array<[FrameworkErrorKind, string, number, string, number, string]> = [
  [
    'missingAuthentication',
    'MissingAuthenticationTokenException',
    400,
    'MissingAuthenticationToken',
    403,
    'Request is missing Authentication Token',
  ],
  ['incompleteSignature', 'IncompleteSignatureException', 400, 'IncompleteSignature', 400, ''],
  ['signatureDoesNotMatch', 'InvalidSignatureException', 400, 'SignatureDoesNotMatch', 403, mismatch],
  [
    'unrecognizedClient',
    'UnrecognizedClientException',
    400,
    'InvalidClientTokenId',
    403,
    'The security token included in the request is invalid.',
  ],
  [
    'expiredToken',
    'ExpiredTokenException',
    400,
    'ExpiredToken',
    403,
    'The security token included in the request is expired',
  ],
];

test('framework errors render with the JSON and the Query name and status', () => {
  for (const [kind, jsonCode, jsonStatus, queryCode, queryStatus, queryMessage] of perProtocol) {
    const json = toWireError(new FrameworkError(kind), 'aws-json');
    const query = toWireError(new FrameworkError(kind), 'aws-query');
    assert.deepEqual([json.code, json.status], [jsonCode, jsonStatus], kind);
    assert.deepEqual([query.code, query.status, query.message], [queryCode, queryStatus, queryMessage], kind);
  }
});

test('a credential store failure is not an authentication answer: it propagates as a bug', async () => {
  const broken = new SigV4Verifier({
    credentials: async () => {
      throw new Error('store down');
    },
    clock: () => signingTime,
  });
  await assert.rejects(broken.verify(await signRequest({ body }), sts), /store down/);
});

test('secrets stay wrapped: a stored credential prints as ***', () => {
  assert.equal(JSON.stringify({ secret: new Secret(secret) }), '{"secret":"***"}');
});

test('the fixtures sign with the SDK signer: an Authorization header over host and x-amz-date', async () => {
  const request = await signRequest({ body: 'Action=GetCallerIdentity&Version=2011-06-15' });
  assert.match(
    authorizationOf(request),
    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240501\/us-east-1\/sts\/aws4_request, SignedHeaders=[^,]*host;[^,]*x-amz-date, Signature=[0-9a-f]{64}$/,
  );
});

describe('the signing keys the verifier keeps', () => {
  test('serve only the secret they were derived from: a key id whose secret changed derives again', async () => {
    let stored = { secretAccessKey: new Secret(secret), principal: userPrincipal };
    const shared = new SigV4Verifier({ credentials: async () => stored, clock: () => signingTime });
    const request = await signRequest({ body });
    assert.equal((await shared.verify(request, sts)).caller.accessKeyId, akid);
    stored = { secretAccessKey: new Secret(`${secret}-changed`), principal: userPrincipal };
    assert.equal((await rejection(shared.verify(request, sts))).kind, 'signatureDoesNotMatch');
    stored = { secretAccessKey: new Secret(secret), principal: userPrincipal };
    assert.equal((await shared.verify(request, sts)).caller.accessKeyId, akid);
  });
});
