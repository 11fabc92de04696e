// ECR pull-through cache on a real `berth up` (issue 16), with the CNCF Distribution registry as the upstream behind
// htpasswd Basic auth: a rule with a Secrets Manager secret named `ecr-pullthroughcache/…`, then skopeo pulls
// `<prefix>/<upstream repository>:<tag>` from berth's ECR door with an `AWS:<token>` login — berth fetches the image
// from the upstream, creates the repository and serves the upstream's bytes (ref ecr §1.3, §3.5). The failures
// carry ECR's texts: a wrongly named secret, a puller without ecr:CreateRepository / ecr:BatchImportUpstreamImage,
// an image the upstream lacks, wrong upstream credentials (ref ecr §2.4).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreatePullThroughCacheRuleCommand,
  DeletePullThroughCacheRuleCommand,
  DescribeImagesCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  UpdatePullThroughCacheRuleCommand,
  ValidatePullThroughCacheRuleCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type BerthProcess, startBerth } from './berth-process.js';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import { pullToLayout, pushLayout } from './support/skopeo.js';
import { requireTool } from './support/system-tools.js';
import { buildTestImages, type TestImages } from './support/test-images.js';

const upstreamPassword = 'upstream-pw-9c1';

describe('ECR pull-through cache from a local Distribution upstream with credentials', () => {
  let berth: BerthProcess;
  let upstream: RunningRegistry;
  let images: TestImages;
  let ecr: ECRClient;
  let secrets: SecretsManagerClient;
  let credentialArn: string;
  const pulled = mkdtempSync(join(tmpdir(), 'berth-ptc-pull-'));

  const clientConfig = (credentials = berth.credentials) => ({
    endpoint: berth.endpoint,
    region: berth.region,
    credentials,
    maxAttempts: 1,
  });
  const password = async (client: ECRClient) => {
    const { authorizationData } = await client.send(new GetAuthorizationTokenCommand({}));
    return Buffer.from(authorizationData![0]!.authorizationToken!, 'base64').toString('utf8').split(':')[1]!;
  };
  const ecrName = (name: string) =>
    `localhost:${berth.port}/${berth.accountId}.dkr.ecr.${berth.region}/${name}`;
  const pull = (name: string, login: string) =>
    pullToLayout(ecrName(name), pulled, { username: 'AWS', password: login });
  const secret = async (name: string, accessToken: string) =>
    (
      await secrets.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: JSON.stringify({ username: 'puller', accessToken }),
        }),
      )
    ).ARN!;

  before(async () => {
    requireTool('skopeo');
    images = await buildTestImages();
    upstream = await startDistributionRegistry({ kind: 'htpasswd', users: { puller: upstreamPassword } });
    const creds = { username: 'puller', password: upstreamPassword };
    await pushLayout(images.layoutDir, 'v1', `${upstream.host}/library/app:v1`, creds);
    berth = await startBerth();
    ecr = new ECRClient(clientConfig());
    secrets = new SecretsManagerClient(clientConfig());
    credentialArn = await secret('ecr-pullthroughcache/local', upstreamPassword);
  });
  after(async () => {
    await berth?.stop();
    await upstream?.stop();
    rmSync(pulled, { recursive: true, force: true });
    if (images) rmSync(images.layoutDir, { recursive: true, force: true });
  });

  test('a secret not named ecr-pullthroughcache/… is refused by the credentialArn pattern (ref ecr §1.3)', async () => {
    const wrong = await secret('local-creds', upstreamPassword);
    await assert.rejects(
      ecr.send(
        new CreatePullThroughCacheRuleCommand({
          ecrRepositoryPrefix: 'local',
          upstreamRegistryUrl: upstream.host,
          credentialArn: wrong,
        }),
      ),
      (error: Error) =>
        error.name === 'ValidationException' &&
        error.message.includes(`Value '${wrong}' at 'credentialArn' failed to satisfy constraint`),
    );
  });

  test('a missing secret is SecretNotFoundException with ECR’s text', async () => {
    await assert.rejects(
      ecr.send(
        new CreatePullThroughCacheRuleCommand({
          ecrRepositoryPrefix: 'local',
          upstreamRegistryUrl: upstream.host,
          credentialArn: `arn:aws:secretsmanager:${berth.region}:${berth.accountId}:secret:ecr-pullthroughcache/none-AbCdEf`,
        }),
      ),
      {
        name: 'SecretNotFoundException',
        message:
          'The ARN of the secret specified in the pull through cache rule was not found. Update the pull through cache rule with a valid secret ARN and try again.',
      },
    );
  });

  test('create, describe and validate a rule', async () => {
    const created = await ecr.send(
      new CreatePullThroughCacheRuleCommand({
        ecrRepositoryPrefix: 'local',
        upstreamRegistryUrl: upstream.host,
        credentialArn,
      }),
    );
    assert.equal(created.ecrRepositoryPrefix, 'local');
    assert.equal(created.registryId, berth.accountId);
    assert.equal(created.credentialArn, credentialArn);
    assert.equal(created.upstreamRepositoryPrefix, 'ROOT');
    assert.ok(created.createdAt instanceof Date);
    await assert.rejects(
      ecr.send(
        new CreatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'local', upstreamRegistryUrl: 'x' }),
      ),
      { name: 'PullThroughCacheRuleAlreadyExistsException' },
    );
    const described = await ecr.send(new DescribePullThroughCacheRulesCommand({}));
    assert.deepEqual(
      described.pullThroughCacheRules?.map((r) => [r.ecrRepositoryPrefix, r.upstreamRegistryUrl]),
      [['local', upstream.host]],
    );
    const valid = await ecr.send(new ValidatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'local' }));
    assert.equal(valid.isValid, true);
  });

  test('the first pull fetches from the upstream, creates the repository and serves the upstream’s image', async () => {
    await pull('local/library/app:v1', await password(ecr));
    const { repositories } = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: ['local/library/app'] }),
    );
    assert.equal(repositories?.[0]?.imageTagMutability, 'MUTABLE');
    const { imageDetails } = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'local/library/app' }),
    );
    assert.deepEqual(
      imageDetails?.map((d) => [d.imageDigest, d.imageTags]),
      [[images.app.digest, ['v1']]],
    );
    // The second pull is served from the cache.
    await pull('local/library/app:v1', await password(ecr));
  });

  test('an image the upstream lacks is manifest unknown: "Requested image not found"', async () => {
    await assert.rejects(pull('local/library/app:nope', await password(ecr)), /Requested image not found/);
  });

  test('a puller without ecr:CreateRepository meets NAME_UNKNOWN; without BatchImportUpstreamImage, not found', async () => {
    const iam = new IAMClient(clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'puller' }));
    const allow = (actions: string[]) =>
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'puller',
          PolicyName: 'pull',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
          }),
        }),
      );
    const pullActions = ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
    await allow(pullActions);
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'puller' }))).AccessKey!;
    const puller = new ECRClient(
      clientConfig({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }),
    );
    const login = await password(puller);
    await pushLayout(images.layoutDir, 'v1', `${upstream.host}/library/other:v1`, {
      username: 'puller',
      password: upstreamPassword,
    });
    await assert.rejects(
      pull('local/library/other:v1', login),
      new RegExp(
        `The repository with name 'local/library/other' does not exist in the registry with id '${berth.accountId}'`,
      ),
    );
    await allow([...pullActions, 'ecr:CreateRepository']);
    await assert.rejects(pull('local/library/other:v1', login), /Requested image not found/);
    await allow([...pullActions, 'ecr:CreateRepository', 'ecr:BatchImportUpstreamImage']);
    await pull('local/library/other:v1', login);
  });

  test('wrong upstream credentials: "The authentication to the upstream registry failed"', async () => {
    const wrong = await secret('ecr-pullthroughcache/wrong', 'not-the-password');
    await ecr.send(
      new UpdatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'local', credentialArn: wrong }),
    );
    await assert.rejects(
      pull('local/library/app:v2', await password(ecr)),
      /denied: The authentication to the upstream registry failed\. Verify that the credentials provided in the pull through cache rule are correct, and try again\./,
    );
    const deleted = await ecr.send(new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'local' }));
    assert.equal(deleted.credentialArn, wrong);
    await assert.rejects(
      ecr.send(new ValidatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'local' })),
      { name: 'PullThroughCacheRuleNotFoundException' },
    );
  });
});
