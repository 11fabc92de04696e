// SSM Parameter Store over HTTP against a real `berth up`: the AWS SDK writes a SecureString and reads it back
// through KMS, and the AWS CLI's put-parameter, get-parameter and get-parameters-by-path read and write the same
// parameters (ref cloudformation-cdk §1.4 step 6: the CDK CLI's GetParameter with WithDecryption=true). Debian's
// awscli ignores AWS_ENDPOINT_URL, so every call passes --endpoint-url.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { awsCliEnv, type BerthProcess, startBerth } from './berth-process.js';

const aws = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

describe('SSM Parameter Store through the SDK and the AWS CLI', () => {
  let berth: BerthProcess;
  const ssm = () =>
    new SSMClient({
      endpoint: berth.endpoint,
      region: berth.region,
      credentials: berth.credentials,
      maxAttempts: 1,
    });
  const cli = (...args: string[]) => {
    const run = spawnSync(aws, ['ssm', ...args, '--endpoint-url', berth.endpoint, '--output', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: awsCliEnv(berth),
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  before(async () => {
    berth = await startBerth();
  });
  after(async () => {
    await berth?.stop();
  });

  test('the SDK puts a SecureString and reads it decrypted, and as ciphertext without WithDecryption', async () => {
    const put = await ssm().send(
      new PutParameterCommand({ Name: '/walk/db/password', Value: 'pa55-word', Type: 'SecureString' }),
    );
    assert.equal(put.Version, 1);
    const plain = await ssm().send(
      new GetParameterCommand({ Name: '/walk/db/password', WithDecryption: true }),
    );
    assert.equal(plain.Parameter?.Value, 'pa55-word');
    const sealed = await ssm().send(new GetParameterCommand({ Name: '/walk/db/password' }));
    assert.notEqual(sealed.Parameter?.Value, 'pa55-word');
    assert.equal(
      sealed.Parameter?.ARN,
      `arn:aws:ssm:${berth.region}:${berth.accountId}:parameter/walk/db/password`,
    );
  });

  test('aws ssm put-parameter, get-parameter and get-parameters-by-path', async () => {
    const put = cli('put-parameter', '--name', '/walk/db/host', '--value', 'db.internal', '--type', 'String');
    assert.equal(put.status, 0, put.stderr);
    assert.deepEqual(JSON.parse(put.stdout), { Version: 1, Tier: 'Standard' });
    const again = cli('put-parameter', '--name', '/walk/db/host', '--value', 'x', '--type', 'String');
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /ParameterAlreadyExists/);
    const get = cli('get-parameter', '--name', '/walk/db/password', '--with-decryption');
    assert.equal(get.status, 0, get.stderr);
    assert.equal(JSON.parse(get.stdout).Parameter.Value, 'pa55-word');
    const byPath = cli('get-parameters-by-path', '--path', '/walk', '--recursive', '--with-decryption');
    assert.equal(byPath.status, 0, byPath.stderr);
    assert.deepEqual(
      JSON.parse(byPath.stdout).Parameters.map((p: { Name: string; Value: string }) => [p.Name, p.Value]),
      [
        ['/walk/db/host', 'db.internal'],
        ['/walk/db/password', 'pa55-word'],
      ],
    );
    const missing = cli('get-parameter', '--name', '/walk/none');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /ParameterNotFound/);
    // The SDK sees what the CLI wrote.
    const { Parameters } = await ssm().send(new GetParametersByPathCommand({ Path: '/walk/db' }));
    assert.equal(Parameters?.length, 2);
  });
});
