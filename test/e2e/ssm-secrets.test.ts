// ECS `secrets` from SSM Parameter Store against a real `berth up` and runc: the agent reads the parameters as the
// execution role with GetParameters(WithDecryption=true) over signed HTTP (ref ecs-private-auth §6.6), so a
// SecureString reaches the container's environment decrypted through KMS, and a role without ssm:GetParameters stops
// the task with Fargate's ssm text (ref ecs-private-auth §3.3, aws/copilot-cli#3104).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { escapeRegex } from '../../src/engines/arn/index.js';
import { type EcsWorld, startEcsWorld } from './support/ecs-world.js';
import { runToExit } from './support/task-files.js';

let world: EcsWorld;
let ssm: SSMClient;

before(async () => {
  world = await startEcsWorld();
  const { endpoint, region, credentials } = world.berth;
  ssm = new SSMClient({ endpoint, region, credentials });
});

after(async () => {
  ssm?.destroy();
  await world?.close();
});

const prefix =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
  'unable to retrieve secrets from ssm: service call has been retried 1 time(s): ';

/** A role allowed the registry secret and, when given, these SSM actions on every parameter. */
function executionPolicy(registrySecret: string, ssmActions: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: registrySecret },
      ...(ssmActions.length > 0 ? [{ Effect: 'Allow', Action: ssmActions, Resource: '*' }] : []),
    ],
  });
}

describe('ECS secrets from SSM Parameter Store', () => {
  test('a SecureString by name and a String by ARN become environment variables, decrypted', async () => {
    const image = await world.pushWebImage('pat', 'pat-pw', 'ssm');
    const registry = await world.createSecret('registry/pat', '{"username":"pat","password":"pat-pw"}');
    await ssm.send(
      new PutParameterCommand({ Name: '/app/db/password', Value: 'ssm-pa55-7f3', Type: 'SecureString' }),
    );
    await ssm.send(new PutParameterCommand({ Name: '/app/db/host', Value: 'db.internal', Type: 'String' }));
    const hostArn = `arn:aws:ssm:${world.berth.region}:${world.berth.accountId}:parameter/app/db/host`;
    const execution = await world.createRole(
      'ssmExecutionRole',
      executionPolicy(registry, ['ssm:GetParameters']),
    );
    const family = await world.registerFargate(
      'ssm-secrets',
      [
        {
          name: 'app',
          image,
          essential: true,
          command: ['sh', '-c', 'echo "pass=$DB_PASS host=$DB_HOST"'],
          secrets: [
            { name: 'DB_PASS', valueFrom: '/app/db/password' },
            { name: 'DB_HOST', valueFrom: hostArn },
          ],
          repositoryCredentials: { credentialsParameter: registry },
        },
      ],
      { execution },
    );
    const { log } = await runToExit(world, family);
    assert.match(log, /pass=ssm-pa55-7f3 host=db\.internal/);
    assert.ok(!readFileSync(`${world.berth.stateDir}/berth.log`, 'utf8').includes('ssm-pa55-7f3'));
  });

  test('an execution role without ssm:GetParameters stops the task before any pull', async () => {
    const image = await world.pushWebImage('pat', 'pat-pw', 'ssm');
    const registry = await world.createSecret('registry/pat2', '{"username":"pat","password":"pat-pw"}');
    await ssm.send(new PutParameterCommand({ Name: '/app/api/key', Value: 'k3y', Type: 'SecureString' }));
    const execution = await world.createRole(
      'ssmDeniedExecutionRole',
      executionPolicy(registry, ['ssm:GetParameter']),
    );
    const family = await world.registerFargate(
      'ssm-denied',
      [
        {
          name: 'app',
          image,
          essential: true,
          secrets: [{ name: 'API_KEY', valueFrom: '/app/api/key' }],
          repositoryCredentials: { credentialsParameter: registry },
        },
      ],
      { execution },
    );
    const task = await world.runAndSettle(family);
    assert.equal(task.lastStatus, 'STOPPED');
    assert.equal(task.stopCode, 'TaskFailedToStart');
    const parameter = `arn:aws:ssm:${world.berth.region}:${world.berth.accountId}:parameter/app/api/key`;
    assert.match(
      task.stoppedReason ?? '',
      new RegExp(
        `^${escapeRegex(prefix)}AccessDeniedException: User: arn:aws:sts::${world.berth.accountId}:assumed-role/ssmDeniedExecutionRole/[0-9a-f]+ ` +
          `is not authorized to perform: ssm:GetParameters on resource: ${escapeRegex(parameter)} because no identity-based policy ` +
          'allows the ssm:GetParameters action status code: 400, request id: ',
      ),
    );
    assert.equal(task.pullStartedAt, undefined);
  });

  test('a missing parameter stops the task with invalid parameters', async () => {
    const image = await world.pushWebImage('pat', 'pat-pw', 'ssm');
    const registry = await world.createSecret('registry/pat3', '{"username":"pat","password":"pat-pw"}');
    const execution = await world.createRole(
      'ssmMissingExecutionRole',
      executionPolicy(registry, ['ssm:GetParameters']),
    );
    const family = await world.registerFargate(
      'ssm-missing',
      [
        {
          name: 'app',
          image,
          essential: true,
          secrets: [{ name: 'X', valueFrom: '/app/not-there' }],
          repositoryCredentials: { credentialsParameter: registry },
        },
      ],
      { execution },
    );
    const task = await world.runAndSettle(family);
    assert.equal(task.stopCode, 'TaskFailedToStart');
    assert.equal(task.stoppedReason, `${prefix}invalid parameters: /app/not-there`);
  });
});
