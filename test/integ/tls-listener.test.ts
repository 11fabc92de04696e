// berth up's HTTPS listener against the built bin: a CA made into the state dir (keys 0600), a server certificate for
// localhost/127.0.0.1/::1, `eval "$(berth env)"` as all the AWS CLI and a Node SDK program need (AWS_ENDPOINT_URL
// https://localhost:PORT, AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS), and aws:SecureTransport true over TLS only (ref
// aws-iam-and-protocols §1.11; the CDK bootstrap bucket policy that needs it: ref cloudformation-cdk §2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type BerthProcess, berthBin, startBerth } from './berth-process.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

describe('the HTTPS listener', () => {
  let berth: BerthProcess;

  before(async () => {
    berth = await startBerth();
  });
  after(async () => {
    await berth?.stop();
  });

  /** A shell whose only AWS setup is `eval "$(berth env)"`. */
  const withBerthEnv = (script: string) =>
    spawnSync(
      'sh',
      ['-c', `eval "$("${process.execPath}" "${berthBin}" env --state "${berth.stateDir}")"; ${script}`],
      {
        encoding: 'utf8',
        cwd: repo,
        env: { PATH: process.env.PATH, HOME: berth.stateDir, AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '' },
      },
    );

  test('the CA and the server certificate: in <state>/tls, keys 0600, names localhost, 127.0.0.1 and ::1', () => {
    const tls = join(berth.stateDir, 'tls');
    for (const key of ['ca.key', 'server.key'])
      assert.equal(statSync(join(tls, key)).mode & 0o777, 0o600, key);
    const ca = new X509Certificate(readFileSync(join(tls, 'ca.pem')));
    const server = new X509Certificate(readFileSync(join(tls, 'server.pem')));
    assert.ok(ca.ca);
    assert.ok(server.verify(ca.publicKey));
    assert.equal(
      server.subjectAltName,
      'DNS:localhost, DNS:*.localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    assert.equal(berth.env.AWS_CA_BUNDLE, join(tls, 'ca.pem'));
    assert.match(berth.env.AWS_ENDPOINT_URL, /^https:\/\/localhost:\d+$/);
  });

  test('the AWS CLI with only `eval "$(berth env)"`: STS and EC2 over HTTPS', () => {
    const run = withBerthEnv(
      'aws sts get-caller-identity --output json && aws ec2 describe-availability-zones --output json',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /"Arn": "arn:aws:iam::000000000000:root"/);
    assert.match(run.stdout, /"ZoneName": "us-east-1a"/);
  });

  test('a Node program with the SDK and only `eval "$(berth env)"`', () => {
    const program =
      "import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';" +
      'const me = await new STSClient({}).send(new GetCallerIdentityCommand({}));' +
      'console.log(process.env.AWS_ENDPOINT_URL, me.Account);';
    const run = withBerthEnv(`"${process.execPath}" --input-type=module -e "${program}"`);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^https:\/\/localhost:\d+ 000000000000$/m);
  });

  test('aws:SecureTransport is true over HTTPS and false over HTTP', async () => {
    const root = {
      endpoint: berth.endpoint,
      region: berth.region,
      credentials: berth.credentials,
      maxAttempts: 1,
    };
    const iam = new IAMClient(root);
    await iam.send(new CreateUserCommand({ UserName: 'tls-only' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ec2:DescribeVpcs',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
    };
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'tls-only',
        PolicyName: 'tls',
        PolicyDocument: JSON.stringify(policy),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'tls-only' }));
    const credentials = {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    };
    const plain = new EC2Client({ ...root, credentials });
    await assert.rejects(plain.send(new DescribeVpcsCommand({})), { name: 'UnauthorizedOperation' });
    const ca = readFileSync(berth.env.AWS_CA_BUNDLE);
    const secure = new EC2Client({
      ...root,
      credentials,
      endpoint: berth.env.AWS_ENDPOINT_URL,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca }) }),
    });
    const { Vpcs } = await secure.send(new DescribeVpcsCommand({}));
    assert.equal(Vpcs!.length, 1);
    for (const client of [iam, plain, secure]) client.destroy();
  });
});
