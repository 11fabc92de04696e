// ECR against a real `berth up` (issue 16): the AWS CLI logs in (`aws ecr get-login-password`), skopeo pushes and
// pulls with `--creds AWS:<password>` to the repositoryUri exactly as CreateRepository returned it; an IAM user
// allowed to log in but not to pull is denied with ECR's text, until a repository policy grants it; immutable tags
// refuse a push with ECR's text; a missing repository is NAME_UNKNOWN with ECR's text (ref ecr §2.2-2.5).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { type BerthProcess, runBerth, startBerth } from './berth-process.js';
import { pullToLayout, pushLayout } from './support/skopeo.js';
import { requireTool } from './support/system-tools.js';
import { buildTestImages, type TestImages } from './support/test-images.js';

const execFileAsync = promisify(execFile);

describe('ECR on berth: AWS CLI login, skopeo push and pull to repositoryUri, IAM and repository policies', () => {
  let berth: BerthProcess;
  let images: TestImages;
  let uri: string;
  let rootPassword: string;
  const pulled = mkdtempSync(join(tmpdir(), 'berth-ecr-pull-'));

  const aws = async (args: string[], credentials = berth.credentials) => {
    const env = {
      ...process.env,
      ...berth.env,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_DEFAULT_REGION: berth.region,
      AWS_PAGER: '',
    };
    const { stdout } = await execFileAsync('aws', args, { env, encoding: 'utf8', timeout: 60_000 });
    return stdout;
  };
  /** A pull with the given ECR password. */
  const pull = (reference: string, password: string) =>
    pullToLayout(reference, pulled, { username: 'AWS', password });

  before(async () => {
    requireTool('skopeo');
    requireTool('aws');
    images = await buildTestImages();
    berth = await startBerth();
  });
  after(async () => {
    await berth?.stop();
    rmSync(pulled, { recursive: true, force: true });
    if (images) rmSync(images.layoutDir, { recursive: true, force: true });
  });

  test('create-repository, get-login-password, then skopeo pushes to and pulls from repositoryUri as returned', async () => {
    const created = JSON.parse(await aws(['ecr', 'create-repository', '--repository-name', 'web']));
    uri = created.repository.repositoryUri;
    assert.equal(uri, `localhost:${berth.port}/${berth.accountId}.dkr.ecr.${berth.region}/web`);
    rootPassword = (await aws(['ecr', 'get-login-password'])).trim();
    await pushLayout(images.layoutDir, 'v1', `${uri}:v1`, { username: 'AWS', password: rootPassword });
    await pull(`${uri}:v1`, rootPassword);
    const described = JSON.parse(await aws(['ecr', 'describe-images', '--repository-name', 'web']));
    assert.deepEqual(
      described.imageDetails.map((d: { imageDigest: string; imageTags: string[] }) => [
        d.imageDigest,
        d.imageTags,
      ]),
      [[images.app.digest, ['v1']]],
    );
  });

  test('a blob GET is 307 to a signed URL on another host, as ECR’s to S3; carrying Authorization there is S3’s 400 (ref ecr §2.6)', async () => {
    const basic = `Basic ${Buffer.from(`AWS:${rootPassword}`).toString('base64')}`;
    const layer = images.app.layers[0]!.digest;
    const blob = `http://${uri.split('/')[0]}/v2/${uri.split('/').slice(1).join('/')}/blobs/${layer}`;
    const head = await fetch(blob, { method: 'HEAD', headers: { authorization: basic } });
    assert.equal(head.status, 200);
    const redirected = await fetch(blob, { headers: { authorization: basic }, redirect: 'manual' });
    assert.equal(redirected.status, 307);
    const location = new URL(redirected.headers.get('location')!);
    assert.equal(location.host, `127.0.0.1:${berth.port}`);
    const leaked = await fetch(location, { headers: { authorization: basic } });
    assert.equal(leaked.status, 400);
    assert.match(
      await leaked.text(),
      /<Code>InvalidArgument<\/Code><Message>Only one auth mechanism allowed;/,
    );
    const downloaded = await fetch(location);
    assert.equal(downloaded.status, 200);
    const bytes = Buffer.from(await downloaded.arrayBuffer());
    assert.equal(`sha256:${createHash('sha256').update(bytes).digest('hex')}`, layer);
    const ranged = await fetch(location, { headers: { range: 'bytes=1-' } });
    assert.equal(ranged.status, 206);
    assert.equal(Buffer.from(await ranged.arrayBuffer()).length, bytes.length - 1);
    location.searchParams.set('Signature', 'forged');
    assert.equal((await fetch(location)).status, 403);
    // GetDownloadUrlForLayer answers such a URL too, as ECR answers a pre-signed S3 one (ref ecr §1.3).
    const { downloadUrl } = JSON.parse(
      await aws(['ecr', 'get-download-url-for-layer', '--repository-name', 'web', '--layer-digest', layer]),
    );
    assert.equal(new URL(downloadUrl).host, `127.0.0.1:${berth.port}`);
    assert.deepEqual(Buffer.from(await (await fetch(downloadUrl)).arrayBuffer()), bytes);
  });

  test('a wrong or missing login is ECR’s 401; a missing repository is NAME_UNKNOWN with ECR’s text', async () => {
    await assert.rejects(pull(`${uri}:v1`, 'bm90LWEtdG9rZW4='), /401|unauthorized|authentication required/i);
    await assert.rejects(
      pull(`localhost:${berth.port}/${berth.accountId}.dkr.ecr.${berth.region}/nope:v1`, rootPassword),
      new RegExp(
        `The repository with name 'nope' does not exist in the registry with id '${berth.accountId}'`,
      ),
    );
  });

  test('a user allowed to log in but not to pull is denied with ECR’s text; a repository policy grants the pull', async () => {
    const iam = new IAMClient({
      endpoint: berth.endpoint,
      region: berth.region,
      credentials: berth.credentials,
      maxAttempts: 1,
    });
    await iam.send(new CreateUserCommand({ UserName: 'ci' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ci',
        PolicyName: 'login',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!;
    const ci = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const password = (await aws(['ecr', 'get-login-password'], ci)).trim();
    const arn = `arn:aws:ecr:${berth.region}:${berth.accountId}:repository/web`;
    await assert.rejects(pull(`${uri}:v1`, password), (error: Error) =>
      error.message.includes(
        `denied: User: arn:aws:iam::${berth.accountId}:user/ci is not authorized to perform: ecr:BatchGetImage on resource: ${arn} because no identity-based policy allows the ecr:BatchGetImage action`,
      ),
    );
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowPull',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${berth.accountId}:user/ci` },
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: arn,
        },
      ],
    };
    await aws([
      'ecr',
      'set-repository-policy',
      '--repository-name',
      'web',
      '--policy-text',
      JSON.stringify(policy),
    ]);
    await pull(`${uri}:v1`, password);
  });

  test('immutable tags: pushing over an existing tag fails with ECR’s text', async () => {
    await aws([
      'ecr',
      'put-image-tag-mutability',
      '--repository-name',
      'web',
      '--image-tag-mutability',
      'IMMUTABLE',
    ]);
    await assert.rejects(
      pushLayout(images.layoutDir, 'arm-only', `${uri}:v1`, { username: 'AWS', password: rootPassword }),
      /tag invalid: The image tag 'v1' already exists in the 'web' repository and cannot be overwritten because the repository is immutable\./,
    );
    await pushLayout(images.layoutDir, 'arm-only', `${uri}:v2`, { username: 'AWS', password: rootPassword });
  });

  test('berth pull of the real-form URI logs in with the caller’s AWS credentials, as the credential helper does', async () => {
    const real = `${berth.accountId}.dkr.ecr.${berth.region}.amazonaws.com/web`;
    const env = { ...berth.env, AWS_DEFAULT_REGION: berth.region };
    const pulledImage = runBerth(['pull', `${real}:v1`, '--state', berth.stateDir, '--json'], env);
    assert.equal(pulledImage.code, 0, pulledImage.stderr);
    assert.equal(JSON.parse(pulledImage.stdout).digest, images.app.digest);
    const missing = runBerth(['pull', `${real}:nope`, '--state', berth.stateDir], env);
    assert.equal(missing.code, 3);
    assert.ok(missing.stderr.includes(`${real}:nope`), missing.stderr);
    const anonymous = runBerth(['pull', `${real}:v1`, '--state', berth.stateDir], {
      ...env,
      AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN000000000',
      AWS_SECRET_ACCESS_KEY: 'x',
    });
    assert.equal(anonymous.code, 3);
    assert.match(
      anonymous.stderr,
      /^ECR login failed: UnrecognizedClientException: The security token included in the request is invalid\.$/m,
    );
  });
});
