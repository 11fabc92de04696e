// The request path end to end, driven by the real AWS SDK v3 clients (codebase-anchors §6.2.13): SDK-signed
// requests are verified (§3), parsed (§4.1–4.2), dispatched, and the SDK parses berth's responses and errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { BerthError } from '../../errors/index.js';
import { harness, inProcessHandler, stsNamespace } from '../../testing/aws-test-services.js';
import { sdkError } from '../../testing/sdk-error.js';
import {
  akid,
  presignRequest,
  secret,
  signingTime,
  signRequest,
  userPrincipal,
} from '../../testing/sigv4-signing.js';
import { type HttpRequest, httpRequest } from '../http.js';
import { ServiceRegistry } from '../service-registry.js';

function clients(
  options: { accessKeyId?: string; secretAccessKey?: string; systemClockOffset?: number } = {},
) {
  const h = harness();
  const config = {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: {
      accessKeyId: options.accessKeyId ?? akid,
      secretAccessKey: options.secretAccessKey ?? secret,
    },
    maxAttempts: 1,
    requestHandler: inProcessHandler(h.handle),
    ...(options.systemClockOffset === undefined ? {} : { systemClockOffset: options.systemClockOffset }),
  };
  return { h, sts: new STSClient(config), secrets: new SecretsManagerClient(config) };
}

describe('AWS Query (STS) through the SDK', () => {
  test('GetCallerIdentity answers with the authenticated principal and is never authorized', async () => {
    const { h, sts } = clients();
    const output = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(output.Arn, userPrincipal.arn);
    assert.equal(output.Account, '000000000000');
    assert.equal(output.UserId, userPrincipal.userId);
    assert.equal(output.$metadata.requestId, h.requestIds[0]);
    assert.deepEqual(h.authorized, []);
  });

  test('AssumeRole: the authorizer is asked first; the timestamp comes back as a Date', async () => {
    const { h, sts } = clients();
    const roleArn = 'arn:aws:iam::000000000000:role/exec';
    const output = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'task-1' }));
    assert.deepEqual(h.authorized, [['sts:AssumeRole', roleArn]]);
    assert.deepEqual(output.Credentials?.Expiration, new Date('2030-01-01T00:00:00Z'));
    assert.equal(output.AssumedRoleUser?.Arn, 'arn:aws:sts::000000000000:assumed-role/r/task-1');
  });

  test('errors reach the SDK with their Query codes and statuses', async () => {
    const cases: Array<
      [
        Parameters<typeof clients>[0],
        () => AssumeRoleCommand | GetCallerIdentityCommand,
        string,
        number,
        RegExp,
      ]
    > = [
      [
        {},
        () => new AssumeRoleCommand({ RoleArn: 'r', RoleSessionName: 's', Policy: 'bad' }),
        'MalformedPolicyDocumentException',
        400,
        /^Syntax errors in policy\.$/,
      ],
      [
        {},
        () =>
          new AssumeRoleCommand({
            RoleArn: 'arn:aws:iam::000000000000:role/forbidden',
            RoleSessionName: 's',
          }),
        'AccessDenied',
        403,
        /^User: arn:aws:iam::000000000000:user\/alice is not authorized to perform: sts:AssumeRole/,
      ],
      [
        { secretAccessKey: 'wrong' },
        () => new GetCallerIdentityCommand({}),
        'SignatureDoesNotMatch',
        403,
        /^The request signature we calculated does not match/,
      ],
      [
        { accessKeyId: 'AKIAUNKNOWN' },
        () => new GetCallerIdentityCommand({}),
        'InvalidClientTokenId',
        403,
        /^The security token included in the request is invalid\.$/,
      ],
      [
        { systemClockOffset: -16 * 60_000 },
        () => new GetCallerIdentityCommand({}),
        'SignatureDoesNotMatch',
        403,
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
      ],
    ];
    for (const [options, command, name, status, message] of cases) {
      const { sts } = clients(options);
      const error = await sdkError(sts.send(command() as GetCallerIdentityCommand));
      assert.equal(error.name, name);
      assert.equal(error.status, status);
      assert.match(error.message, message);
    }
  });
});

describe('AWS JSON (Secrets Manager) through the SDK', () => {
  test('GetSecretValue: authorized on the resource, CreatedDate as a Date, request id in $metadata', async () => {
    const { h, secrets } = clients();
    const output = await secrets.send(new GetSecretValueCommand({ SecretId: 'db' }));
    assert.equal(output.SecretString, '{"username":"u","password":"p"}');
    assert.deepEqual(output.CreatedDate, new Date('2024-05-01T12:00:00.500Z'));
    assert.deepEqual(output.VersionStages, ['AWSCURRENT']);
    assert.equal(output.$metadata.requestId, h.requestIds[0]);
    assert.deepEqual(h.authorized, [
      ['secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:000000000000:secret:db'],
    ]);
  });

  test('errors reach the SDK with their JSON names, 400 for client errors', async () => {
    const cases: Array<[Parameters<typeof clients>[0], string, string, number, RegExp]> = [
      [
        {},
        'missing',
        'ResourceNotFoundException',
        400,
        /^Secrets Manager can't find the specified secret\.$/,
      ],
      [
        {},
        'forbidden',
        'AccessDeniedException',
        400,
        /is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:000000000000:secret:forbidden/,
      ],
      [
        { accessKeyId: 'AKIAUNKNOWN' },
        'db',
        'UnrecognizedClientException',
        400,
        /^The security token included in the request is invalid\.$/,
      ],
      [
        { secretAccessKey: 'wrong' },
        'db',
        'InvalidSignatureException',
        400,
        /^The request signature we calculated/,
      ],
      // Secrets Manager's window is 5 minutes (ref aws-iam-and-protocols §3.3 step 6).
      [{ systemClockOffset: -6 * 60_000 }, 'db', 'InvalidSignatureException', 400, / - 5 min\.\)$/],
      [{}, 'crash', 'InternalFailure', 500, /^The request processing has failed because of an unknown error/],
    ];
    for (const [options, secretId, name, status, message] of cases) {
      const { secrets } = clients(options);
      const error = await sdkError(secrets.send(new GetSecretValueCommand({ SecretId: secretId })));
      assert.equal(error.name, name, secretId);
      assert.equal(error.status, status, secretId);
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /hunter2/);
    }
  });

  test('a handler bug is logged through onInternalError and hidden from the client', async () => {
    const { h, secrets } = clients();
    await sdkError(secrets.send(new GetSecretValueCommand({ SecretId: 'crash' })));
    assert.equal(h.internalErrors.length, 1);
    assert.match(String(h.internalErrors[0]), /TypeError/);
  });
});

async function raw(request: HttpRequest) {
  const response = await harness(() => signingTime).handle(request);
  return {
    status: response.status,
    body: response.body.toString(),
    headers: Object.fromEntries(response.headers),
  };
}

const form = (body: string) => ({
  body,
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
});

describe('routing and parsing failures (§4.1–4.2)', () => {
  test('unsigned request to a known target: MissingAuthenticationTokenException', async () => {
    const response = await raw(
      httpRequest({
        headers: [
          ['Host', 'h'],
          ['X-Amz-Target', 'secretsmanager.GetSecretValue'],
        ],
        body: Buffer.from('{}'),
      }),
    );
    assert.equal(response.status, 400);
    assert.deepEqual(JSON.parse(response.body), {
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
    assert.equal(response.headers['x-amzn-ErrorType'], 'MissingAuthenticationTokenException');
  });

  test('unknown target prefix or operation: UnknownOperationException without a message', async () => {
    const unknownPrefix = await raw(
      httpRequest({
        headers: [
          ['Host', 'h'],
          ['X-Amz-Target', 'nosuch.Op'],
        ],
      }),
    );
    assert.deepEqual(JSON.parse(unknownPrefix.body), { __type: 'UnknownOperationException' });
    const signed = await signRequest({
      service: 'secretsmanager',
      body: '{}',
      headers: { 'x-amz-target': 'secretsmanager.Nope' },
    });
    assert.deepEqual(JSON.parse((await raw(signed)).body), { __type: 'UnknownOperationException' });
  });

  test('malformed JSON after authentication: SerializationException', async () => {
    const signed = await signRequest({
      service: 'secretsmanager',
      body: '{"SecretId":',
      headers: { 'x-amz-target': 'secretsmanager.GetSecretValue' },
    });
    const response = await raw(signed);
    assert.equal(response.status, 400);
    assert.deepEqual(JSON.parse(response.body), { __type: 'SerializationException' });
  });

  test('Query: unknown Action, missing Action, unknown Version, malformed form', async () => {
    const unknownAction = await raw(await signRequest(form('Action=Nope&Version=2011-06-15')));
    assert.equal(unknownAction.status, 400);
    assert.equal(
      unknownAction.body,
      `<ErrorResponse xmlns="${stsNamespace}"><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
        '<Message>Could not find operation Nope for version 2011-06-15</Message></Error>' +
        `<RequestId>${unknownAction.headers['x-amzn-RequestId']}</RequestId></ErrorResponse>`,
    );
    const missing = await raw(await signRequest(form('Version=2011-06-15')));
    assert.match(missing.body, /<Code>MissingAction<\/Code>/);
    const wrongVersion = await raw(await signRequest(form('Action=GetCallerIdentity&Version=1999-01-01')));
    assert.match(
      wrongVersion.body,
      /<Code>InvalidAction<\/Code><Message>Could not find operation GetCallerIdentity for version 1999-01-01</,
    );
    const malformed = await raw(await signRequest(form('Action=GetCallerIdentity&Version=2011-06-15&A=%zz')));
    assert.equal(malformed.status, 404);
    assert.match(
      malformed.body,
      /<Code>MalformedQueryString<\/Code><Message>Illegal hex character in escape % pattern: %zz</,
    );
    const conflict = await raw(
      await signRequest(form('Action=GetCallerIdentity&Version=2011-06-15&A=1&A.b=2')),
    );
    assert.match(conflict.body, /<Code>InvalidQueryParameter<\/Code>/);
  });

  test('Query errors before authentication render as XML too (unsigned STS call)', async () => {
    const response = await raw(
      httpRequest({
        headers: [
          ['Host', 'h'],
          ['Content-Type', 'application/x-www-form-urlencoded'],
        ],
        body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
      }),
    );
    assert.equal(response.status, 403);
    assert.match(
      response.body,
      /<Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message>/,
    );
  });

  test('presigned GET with the Action in the URL (as vault/EKS use GetCallerIdentity)', async () => {
    const request = await presignRequest({
      method: 'GET',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    });
    const response = await raw(request);
    assert.equal(response.status, 200);
    assert.match(
      response.body,
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>AIDAEXAMPLEALICE<\/UserId>/,
    );
  });
});

test('registering two services under one name is a wiring bug (BERTH_SERVICE_ALREADY_REGISTERED)', () => {
  const registry = new ServiceRegistry();
  const service = {
    name: 'a',
    signingName: 'a',
    protocol: 'aws-json',
    targetPrefix: 'A',
    errorMessageMember: 'message',
    load: async () => ({ operations: {} }),
  } as const;
  registry.register(service);
  assert.throws(
    () => registry.register({ ...service, targetPrefix: 'B' }),
    (error: unknown) => error instanceof BerthError && error.code === 'BERTH_SERVICE_ALREADY_REGISTERED',
  );
});

test('the harness registers one Query and one JSON service', async () => {
  const { handle } = harness();
  const response = await handle({
    method: 'POST',
    path: '/',
    query: '',
    headers: [['Host', 'h']],
    body: Buffer.alloc(0),
    remoteAddress: '127.0.0.1',
    tls: false,
  });
  assert.equal(response.status, 400);
});
