// ECR's API through the SDK, in process (ref ecr §1.3, §1.4): repositories, images over the registry's store,
// immutable tags, policies, tags, and login tokens.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  BatchCheckLayerAvailabilityCommand,
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  CompleteLayerUploadCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DeleteRepositoryPolicyCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetRepositoryPolicyCommand,
  InitiateLayerUploadCommand,
  ListImagesCommand,
  ListTagsForResourceCommand,
  PutImageCommand,
  PutImageTagMutabilityCommand,
  SetRepositoryPolicyCommand,
  TagResourceCommand,
  UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';
import { ecrPart, ecrPort, iamStsPart } from '../../cli/control-plane/index.js';
import { MemoryContentStore } from '../../content/index.js';
import { MemoryUploadStaging } from '../../registry/server/index.js';
import { harnessAccount as account, controlPlaneHarness } from '../../testing/control-plane-harness.js';
import { sdkError } from '../../testing/sdk-error.js';

function setup() {
  const harness = controlPlaneHarness({
    parts: [iamStsPart, ecrPart({ content: new MemoryContentStore() })],
  });
  return { harness, ecr: harness.client(ECRClient) };
}

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Pushes `config` as the config blob of a manifest through the layer API, then the manifest with PutImage. */
async function pushImage(ecr: ECRClient, repositoryName: string, config: string, imageTag: string) {
  const bytes = Buffer.from(config);
  const { uploadId } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
  await ecr.send(
    new UploadLayerPartCommand({
      repositoryName,
      uploadId,
      partFirstByte: 0,
      partLastByte: bytes.length - 1,
      layerPartBlob: bytes,
    }),
  );
  await ecr
    .send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [sha256(bytes)] }))
    .catch((error: Error) => assert.equal(error.name, 'LayerAlreadyExistsException'));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(bytes),
      size: bytes.length,
    },
    layers: [],
  });
  const put = await ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest, imageTag }));
  return { manifest, digest: put.image?.imageId?.imageDigest };
}

test('repositories: create with defaults, a duplicate, describe a missing one, delete with and without force', async () => {
  const { ecr } = setup();
  const created = await ecr.send(
    new CreateRepositoryCommand({ repositoryName: 'team/web', tags: [{ Key: 'env', Value: 'dev' }] }),
  );
  assert.deepEqual(
    { ...created.repository, createdAt: undefined },
    {
      repositoryArn: `arn:aws:ecr:us-east-1:${account}:repository/team/web`,
      registryId: account,
      repositoryName: 'team/web',
      // The registry host in the path, ECR's door `localhost` (engines/ecr): no DNS set-up, as the issue asks.
      repositoryUri: `localhost:4566/${account}.dkr.ecr.us-east-1/team/web`,
      createdAt: undefined,
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' },
    },
  );
  assert.ok(created.repository?.createdAt instanceof Date);
  assert.deepEqual(await sdkError(ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/web' }))), {
    name: 'RepositoryAlreadyExistsException',
    message: `The repository with name 'team/web' already exists in the registry with id '${account}'`,
    status: 400,
  });
  assert.deepEqual(await sdkError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] }))), {
    name: 'RepositoryNotFoundException',
    message: `The repository with name 'nope' does not exist in the registry with id '${account}'`,
    status: 400,
  });
  await pushImage(ecr, 'team/web', '{"a":1}', 'v1');
  assert.deepEqual(await sdkError(ecr.send(new DeleteRepositoryCommand({ repositoryName: 'team/web' }))), {
    name: 'RepositoryNotEmptyException',
    message: `The repository with name 'team/web' in registry with id '${account}' cannot be deleted because it still contains images`,
    status: 400,
  });
  await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'team/web', force: true }));
  assert.deepEqual((await ecr.send(new DescribeRepositoriesCommand({}))).repositories, []);
  // A new repository of the same name starts empty: force took the images too.
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/web' }));
  assert.deepEqual((await ecr.send(new ListImagesCommand({ repositoryName: 'team/web' }))).imageIds, []);
});

test('images: pushed through the layer API and PutImage, then listed, described, fetched and deleted', async () => {
  const { ecr } = setup();
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
  const { manifest, digest } = await pushImage(ecr, 'web', '{"b":2}', 'v1');
  assert.deepEqual((await ecr.send(new ListImagesCommand({ repositoryName: 'web' }))).imageIds, [
    { imageDigest: digest, imageTag: 'v1' },
  ]);
  const [detail] = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'web' }))).imageDetails ?? [];
  assert.deepEqual(
    [detail?.imageDigest, detail?.imageTags, detail?.imageSizeInBytes, detail?.imageManifestMediaType],
    [digest, ['v1'], 7, 'application/vnd.oci.image.manifest.v1+json'],
  );
  const got = await ecr.send(
    new BatchGetImageCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'v1' }, { imageTag: 'v9' }] }),
  );
  assert.equal(got.images?.[0]?.imageManifest, manifest);
  assert.deepEqual(got.failures, [
    { imageId: { imageTag: 'v9' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
  ]);
  // The same manifest and tag again (ref ecr §1.3 PutImage).
  assert.equal(
    (
      await sdkError(
        ecr.send(new PutImageCommand({ repositoryName: 'web', imageManifest: manifest, imageTag: 'v1' })),
      )
    ).name,
    'ImageAlreadyExistsException',
  );
  const deleted = await ecr.send(
    new BatchDeleteImageCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'v1' }] }),
  );
  assert.deepEqual(deleted.imageIds, [{ imageDigest: digest, imageTag: 'v1' }]);
  // Removing the last tag deleted the image.
  assert.deepEqual((await ecr.send(new ListImagesCommand({ repositoryName: 'web' }))).imageIds, []);
});

test('immutable tags: a tag that exists cannot be pushed again, with ECR text; a new tag can', async () => {
  const { ecr } = setup();
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'app', imageTagMutability: 'IMMUTABLE' }));
  await pushImage(ecr, 'app', '{"c":1}', 'latest');
  const again = await sdkError(pushImage(ecr, 'app', '{"c":2}', 'latest'));
  assert.deepEqual(again, {
    name: 'ImageTagAlreadyExistsException',
    message:
      "The image tag 'latest' already exists in the 'app' repository and cannot be overwritten because the repository is immutable.",
    status: 400,
  });
  await pushImage(ecr, 'app', '{"c":2}', 'v2');
  await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: 'app', imageTagMutability: 'MUTABLE' }));
  await pushImage(ecr, 'app', '{"c":3}', 'latest');
});

test('repository policies and tags', async () => {
  const { ecr } = setup();
  const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'pol' }));
  assert.equal(
    (await sdkError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'pol' })))).name,
    'RepositoryPolicyNotFoundException',
  );
  const policyText = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'ecr:BatchGetImage',
        Resource: repository?.repositoryArn,
      },
    ],
  });
  await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'pol', policyText }));
  assert.equal(
    (await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'pol' }))).policyText,
    policyText,
  );
  assert.equal(
    (await ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'pol' }))).policyText,
    policyText,
  );
  const malformed = await sdkError(
    ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'pol', policyText: '{' })),
  );
  assert.equal(malformed.name, 'InvalidParameterException');
  await ecr.send(
    new TagResourceCommand({ resourceArn: repository?.repositoryArn, tags: [{ Key: 'a', Value: '1' }] }),
  );
  assert.deepEqual(
    (await ecr.send(new ListTagsForResourceCommand({ resourceArn: repository?.repositoryArn }))).tags,
    [{ Key: 'a', Value: '1' }],
  );
});

test('GetAuthorizationToken: base64 AWS:<password>, 12 hours, the registry endpoint; the password checks out', async () => {
  const { harness, ecr } = setup();
  const [data] = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData ?? [];
  const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
  assert.match(decoded, /^AWS:[A-Za-z0-9+/=]+$/);
  // Epoch seconds on the wire (ref ecr §1.1).
  const expected = Math.floor((harness.clock.now().getTime() + 12 * 3600 * 1000) / 1000) * 1000;
  assert.equal(data?.expiresAt?.getTime(), expected);
  assert.equal(data?.proxyEndpoint, 'http://localhost:4566');
  const envelope = JSON.parse(Buffer.from(decoded.slice(4), 'base64').toString('utf8'));
  assert.deepEqual(Object.keys(envelope), ['payload', 'datakey', 'version', 'type', 'expiration']);
  const registry = (await harness.need(ecrPort)).registry;
  const login = registry.login(decoded.slice(4));
  assert.equal(login.ok && login.grant.caller.principal.arn, `arn:aws:iam::${account}:root`);
  harness.clock.advance(12 * 3600 * 1000);
  assert.deepEqual(registry.login(decoded.slice(4)), { ok: false, reason: 'expired' });
  assert.deepEqual(registry.login('bm90IGEgdG9rZW4='), { ok: false, reason: 'invalid' });
});

test('a layer upload started through the API survives a restart: parts go on where they stopped, then complete', async () => {
  const content = new MemoryContentStore();
  const uploads = new MemoryUploadStaging();
  const first = controlPlaneHarness({ parts: [iamStsPart, ecrPart({ content, uploads })] });
  const before = first.client(ECRClient);
  const repositoryName = 'resumed';
  await before.send(new CreateRepositoryCommand({ repositoryName }));
  const bytes = Buffer.from('a layer in two parts, the second sent after a restart');
  const { uploadId } = await before.send(new InitiateLayerUploadCommand({ repositoryName }));
  const part = (ecr: ECRClient, from: number, to: number) =>
    ecr.send(
      new UploadLayerPartCommand({
        repositoryName,
        uploadId,
        partFirstByte: from,
        partLastByte: to - 1,
        layerPartBlob: bytes.subarray(from, to),
      }),
    );
  assert.equal((await part(before, 0, 10)).lastByteReceived, 9);

  const second = controlPlaneHarness({
    parts: [iamStsPart, ecrPart({ content, uploads })],
    persistence: first.persistence,
  });
  const after = second.client(ECRClient);
  const gap = await sdkError(part(after, 11, bytes.length));
  assert.equal(gap.name, 'InvalidLayerPartException');
  assert.equal((await part(after, 10, bytes.length)).lastByteReceived, bytes.length - 1);
  const wrong = `sha256:${'0'.repeat(64)}`;
  const { layerDigest } = await after.send(
    new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [sha256(bytes)] }),
  );
  assert.equal(layerDigest, sha256(bytes));
  const { layers } = await after.send(
    new BatchCheckLayerAvailabilityCommand({ repositoryName, layerDigests: [layerDigest!, wrong] }),
  );
  assert.deepEqual(
    layers?.map((l) => [l.layerDigest, l.layerAvailability]),
    [
      [layerDigest, 'AVAILABLE'],
      [wrong, 'UNAVAILABLE'],
    ],
  );
  const gone = await sdkError(part(after, bytes.length, bytes.length + 1));
  assert.equal(gone.name, 'UploadNotFoundException');
});
