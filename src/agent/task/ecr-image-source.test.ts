// The agent's ECR login (ref ecs-private-auth §4, §3.4; ref ecr §3.4): the token asked as the execution role for the
// image's registry, the pull from the registry the token names, and the texts naming the image as written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../errors/index.js';
import { ImagePullError } from '../pull/index.js';
import { withEcrAuth } from './ecr-image-source.js';
import {
  AwsCallError,
  type EcrAuthReader,
  type GetAuthorizationTokenRequest,
  type ImagePullRequest,
  type ImageSource,
} from './ports.js';

const image = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.4';
const credentials = {
  roleArn: 'arn:aws:iam::111122223333:role/exec',
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: new Secret('s'),
  sessionToken: new Secret('t'),
  expiration: new Date(0),
};
const base: ImagePullRequest = {
  reference: image,
  launchType: 'FARGATE',
  onResolved: () => undefined,
  executionCredentials: credentials,
  region: 'eu-west-1',
};
const token = new Secret(Buffer.from('AWS:pass:word').toString('base64'));

function setup(source: (request: ImagePullRequest) => Promise<never> | Promise<{ digest: string }>) {
  const asked: GetAuthorizationTokenRequest[] = [];
  const pulled: ImagePullRequest[] = [];
  const ecr: EcrAuthReader = {
    getAuthorizationToken: async (request) => {
      asked.push(request);
      return { authorizationToken: token, proxyEndpoint: 'http://localhost:4577' };
    },
  };
  const images = {
    pull: async (request: ImagePullRequest) => {
      pulled.push(request);
      return source(request);
    },
  } as unknown as ImageSource;
  return { images: withEcrAuth(images, ecr), asked, pulled };
}

test('an ECR image: the token for its registry and region, then the pull from berth’s ECR with AWS:<password>', async () => {
  const { images, asked, pulled } = setup(async () => ({ digest: 'sha256:1' }));
  await images.pull(base);
  assert.deepEqual(asked, [{ region: 'eu-west-1', registryId: '111122223333', credentials }]);
  assert.equal(pulled[0]?.reference, 'localhost:4577/111122223333.dkr.ecr.eu-west-1/team/web:1.4');
  // Split on the first `:` only, as the agent's extractToken does.
  assert.equal(pulled[0]?.credentials?.username.reveal(), 'AWS');
  assert.equal(pulled[0]?.credentials?.password.reveal(), 'pass:word');
});

test('another registry’s image is passed through untouched', async () => {
  const { images, asked, pulled } = setup(async () => ({ digest: 'sha256:1' }));
  await images.pull({ ...base, reference: 'ghcr.io/org/app:1' });
  assert.equal(asked.length, 0);
  assert.equal(pulled[0]?.reference, 'ghcr.io/org/app:1');
});

test('a pull failure names the image as the task definition wrote it', async () => {
  const { images } = setup(async (request) => {
    throw new ImagePullError(
      `CannotPullContainerError: failed to resolve ref ${request.reference}: ${request.reference}: not found`,
      undefined,
    );
  });
  await assert.rejects(images.pull(base), (error: ImagePullError) => {
    assert.equal(
      error.reason,
      `CannotPullContainerError: failed to resolve ref ${image}: ${image}: not found`,
    );
    return true;
  });
});

test('a refused token: Fargate’s ResourceInitializationError (SDK v1), EC2’s CannotPullECRContainerError (SDK v2)', async () => {
  const denied = new AwsCallError({
    code: 'AccessDeniedException',
    message:
      'User: arn:aws:sts::111122223333:assumed-role/exec/t is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action',
    statusCode: 400,
    requestId: 'r-1',
    fault: 'client',
    attempts: 1,
  });
  const refusing: EcrAuthReader = { getAuthorizationToken: async () => Promise.reject(denied) };
  const images = withEcrAuth({ pull: async () => assert.fail('no pull') }, refusing);
  await assert.rejects(images.pull(base), (error: ImagePullError) => {
    assert.equal(
      error.reason,
      `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 1 time(s): AccessDeniedException: ${denied.message} status code: 400, request id: r-1`,
    );
    return true;
  });
  await assert.rejects(images.pull({ ...base, launchType: 'EC2' }), (error: ImagePullError) => {
    assert.equal(
      error.reason,
      `CannotPullECRContainerError: operation error ECR: GetAuthorizationToken, https response error StatusCode: 400, RequestID: r-1, api error AccessDeniedException: ${denied.message}`,
    );
    return true;
  });
});
