// An engine's BerthError thrown by an operation is rendered as the service's own AWS error when the service
// translates it (ServiceDefinition.translateError, applied once in dispatch), and stays InternalFailure otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BerthError } from '../../errors/index.js';
import { credentialStore, signingTime, signRequest } from '../../testing/sigv4-signing.js';
import { SigV4Verifier } from '../auth/sigv4-verifier.js';
import { ServiceError } from '../errors.js';
import { ServiceRegistry, translateCodes } from '../service-registry.js';
import { createGateway } from './chain.js';

const malformed = async (): Promise<never> => {
  throw new BerthError('BERTH_MALFORMED_POLICY', 'Syntax errors in policy.');
};

function gateway() {
  const registry = new ServiceRegistry();
  registry.register({
    name: 'kms',
    signingName: 'kms',
    protocol: 'aws-json',
    targetPrefix: 'TrentService',
    errorMessageMember: 'message',
    load: async () => ({
      operations: { PutKeyPolicy: { authorize: 'none', handler: malformed } },
      translateError: translateCodes({
        BERTH_MALFORMED_POLICY: (message) => new ServiceError('MalformedPolicyDocumentException', message),
      }),
    }),
  });
  registry.register({
    name: 'secretsmanager',
    signingName: 'secretsmanager',
    protocol: 'aws-json',
    targetPrefix: 'secretsmanager',
    errorMessageMember: 'Message',
    load: async () => ({ operations: { PutResourcePolicy: { authorize: 'none', handler: malformed } } }),
  });
  const internal: unknown[] = [];
  const handle = createGateway({
    registry,
    verifier: new SigV4Verifier({ credentials: credentialStore(), clock: () => signingTime }),
    authorizer: { authorize: async () => {} },
    clock: () => signingTime,
    newRequestId: () => '00000000-0000-4000-8000-000000000001',
    acceptRegion: () => true,
    onInternalError: (error) => internal.push(error),
  });
  return { handle, internal };
}

async function call(service: string, target: string) {
  const { handle, internal } = gateway();
  const request = await signRequest({
    service,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: '{}',
  });
  const response = await handle(request);
  return { status: response.status, body: JSON.parse(response.body.toString('utf8')), internal };
}

test('a service that translates the engine error answers its own code with the engine text', async () => {
  const { status, body, internal } = await call('kms', 'TrentService.PutKeyPolicy');
  assert.equal(status, 400);
  assert.deepEqual(body, { __type: 'MalformedPolicyDocumentException', message: 'Syntax errors in policy.' });
  assert.deepEqual(internal, []);
});

test('a service without a translation keeps InternalFailure, and the original goes to the log only', async () => {
  const { status, body, internal } = await call('secretsmanager', 'secretsmanager.PutResourcePolicy');
  assert.equal(status, 500);
  assert.equal(body.__type, 'InternalFailure');
  assert.ok(!JSON.stringify(body).includes('Syntax errors'));
  assert.equal(internal.length, 1);
});
