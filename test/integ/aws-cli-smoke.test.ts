// The AWS CLI against a real `berth up` (issue 3: a smoke script covering each service). Debian's awscli 2.9 (installed
// by scripts/setup) ignores AWS_ENDPOINT_URL, so every call passes --endpoint-url.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { awsCliEnv, type BerthProcess, startBerth } from './berth-process.js';

const aws = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
let berth: BerthProcess;

// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON output, read field by field by the assertions
function cli(...args: string[]): { code: number | null; json: any; stderr: string } {
  const run = spawnSync(aws, [...args, '--endpoint-url', berth.endpoint, '--output', 'json'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: awsCliEnv(berth),
  });
  return {
    code: run.status,
    json: run.stdout.trim() ? JSON.parse(run.stdout) : undefined,
    stderr: run.stderr,
  };
}

before(async () => {
  berth = await startBerth();
});
after(async () => {
  await berth?.stop();
});

test('sts get-caller-identity', () => {
  const run = cli('sts', 'get-caller-identity');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.json, {
    UserId: '000000000000',
    Account: '000000000000',
    Arn: 'arn:aws:iam::000000000000:root',
  });
});

test('iam: a role with a trust policy and an inline policy; documents come back decoded', () => {
  const trust =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
  const created = cli('iam', 'create-role', '--role-name', 'exec', '--assume-role-policy-document', trust);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.json.Role.Arn, 'arn:aws:iam::000000000000:role/exec');
  const role = cli('iam', 'get-role', '--role-name', 'exec');
  assert.deepEqual(role.json.Role.AssumeRolePolicyDocument, JSON.parse(trust));
  const policy =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}';
  assert.equal(
    cli('iam', 'put-role-policy', '--role-name', 'exec', '--policy-name', 'p', '--policy-document', policy)
      .code,
    0,
  );
  assert.deepEqual(
    cli('iam', 'get-role-policy', '--role-name', 'exec', '--policy-name', 'p').json.PolicyDocument,
    JSON.parse(policy),
  );
  const missing = cli('iam', 'get-role', '--role-name', 'nope');
  assert.equal(missing.code, 254);
  assert.match(
    missing.stderr,
    /\(NoSuchEntity\) when calling the GetRole operation( \(reached max retries: 0\))?: The role with name nope cannot be found\./,
  );
});

test('kms: create-key, encrypt, decrypt', () => {
  const key = cli('kms', 'create-key', '--description', 'smoke');
  assert.equal(key.code, 0, key.stderr);
  const keyId = key.json.KeyMetadata.KeyId;
  const encrypted = cli(
    'kms',
    'encrypt',
    '--key-id',
    keyId,
    '--plaintext',
    Buffer.from('hello').toString('base64'),
  );
  assert.equal(encrypted.code, 0, encrypted.stderr);
  const decrypted = cli('kms', 'decrypt', '--ciphertext-blob', encrypted.json.CiphertextBlob);
  assert.equal(decrypted.code, 0, decrypted.stderr);
  assert.equal(Buffer.from(decrypted.json.Plaintext, 'base64').toString(), 'hello');
  assert.equal(decrypted.json.KeyId, key.json.KeyMetadata.Arn);
});

test('secretsmanager: create-secret, get-secret-value, and AWS’s not-found error', () => {
  const value = '{"username":"alice","password":"s3cret-smoke"}';
  const created = cli('secretsmanager', 'create-secret', '--name', 'registry', '--secret-string', value);
  assert.equal(created.code, 0, created.stderr);
  const got = cli('secretsmanager', 'get-secret-value', '--secret-id', 'registry');
  assert.equal(got.code, 0, got.stderr);
  assert.equal(got.json.SecretString, value);
  assert.equal(got.json.ARN, created.json.ARN);
  const missing = cli('secretsmanager', 'get-secret-value', '--secret-id', 'nope');
  assert.equal(missing.code, 254);
  assert.match(
    missing.stderr,
    /\(ResourceNotFoundException\) when calling the GetSecretValue operation( \(reached max retries: 0\))?: Secrets Manager can't find the specified secret\./,
  );
});

test('ecs: register-task-definition, describe it, and ECS’s validation error for a private image without an execution role', () => {
  const definition = JSON.stringify({
    family: 'smoke',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'public.example/web:1', essential: true }],
  });
  const registered = cli('ecs', 'register-task-definition', '--cli-input-json', definition);
  assert.equal(registered.code, 0, registered.stderr);
  assert.equal(
    registered.json.taskDefinition.taskDefinitionArn,
    'arn:aws:ecs:us-east-1:000000000000:task-definition/smoke:1',
  );
  assert.deepEqual(registered.json.taskDefinition.compatibilities.sort(), ['EC2', 'FARGATE']);
  const described = cli('ecs', 'describe-task-definition', '--task-definition', 'smoke:1');
  assert.equal(described.json.taskDefinition.containerDefinitions[0].image, 'public.example/web:1');
  const listed = cli('ecs', 'list-task-definitions', '--family-prefix', 'smoke');
  assert.deepEqual(listed.json.taskDefinitionArns, [
    'arn:aws:ecs:us-east-1:000000000000:task-definition/smoke:1',
  ]);

  // reference ecs-private-auth.md §2.1: repositoryCredentials need an executionRoleArn.
  const refused = cli(
    'ecs',
    'register-task-definition',
    '--cli-input-json',
    JSON.stringify({
      ...JSON.parse(definition),
      containerDefinitions: [
        {
          name: 'web',
          image: 'ghcr.io/acme/web:1',
          repositoryCredentials: {
            credentialsParameter: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:ghcr-AbCdEf',
          },
        },
      ],
    }),
  );
  assert.equal(refused.code, 254);
  assert.match(
    refused.stderr,
    /An error occurred \(ClientException\) when calling the RegisterTaskDefinition operation( \(reached max retries: \d+\))?: Private repository authentication requires that the task definition specify a value for executionRoleArn\./,
  );
});
