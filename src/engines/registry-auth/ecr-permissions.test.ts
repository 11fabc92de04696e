// The ECR IAM action of each registry endpoint (ref ecr §2.3), and that the endpoints are fine enough for ECR: the
// managed pull and push permissions AWS documents cover exactly what a pull and a push ask.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type EcrRegistryAction, ecrPermissions } from './ecr-permissions.js';
import { type RegistryEndpoint, registryActionOf, registryEndpoints } from './registry-endpoint.js';

const actions = (endpoint: RegistryEndpoint): EcrRegistryAction[] =>
  (ecrPermissions(endpoint) ?? []).map((p) => p.action);

test('the documented and observed rows of ref ecr §2.3, on the repository', () => {
  const rows: Array<[RegistryEndpoint, EcrRegistryAction]> = [
    ['manifest-get', 'ecr:BatchGetImage'],
    ['manifest-head', 'ecr:BatchGetImage'],
    ['blob-get', 'ecr:GetDownloadUrlForLayer'],
    ['blob-head', 'ecr:BatchCheckLayerAvailability'],
    ['upload-start', 'ecr:InitiateLayerUpload'],
    ['upload-chunk', 'ecr:UploadLayerPart'],
    ['upload-complete', 'ecr:CompleteLayerUpload'],
    ['manifest-put', 'ecr:PutImage'],
    ['tags-list', 'ecr:ListImages'],
    ['manifest-delete', 'ecr:BatchDeleteImage'],
  ];
  for (const [endpoint, action] of rows) {
    assert.deepEqual(ecrPermissions(endpoint), [{ action, resource: 'repository' }], endpoint);
  }
});

test('the catalog is ecr:DescribeRepositories on * (ref ecr §2.3); /v2/ needs only a valid token', () => {
  assert.deepEqual(ecrPermissions('catalog'), [{ action: 'ecr:DescribeRepositories', resource: '*' }]);
  assert.deepEqual(ecrPermissions('api-root'), []);
});

test('a blob DELETE has no ECR equivalent: undefined, for an ECR authorizer to refuse', () => {
  assert.equal(ecrPermissions('blob-delete'), undefined);
});

test('a monolithic upload needs every upload step; a mount, an upload start here and a layer read there', () => {
  assert.deepEqual(actions('upload-monolithic'), [
    'ecr:InitiateLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:CompleteLayerUpload',
  ]);
  assert.deepEqual(actions('mount'), ['ecr:InitiateLayerUpload']);
  assert.deepEqual(actions('mount-source'), ['ecr:GetDownloadUrlForLayer']);
});

test('AWS’s minimum push policy covers every push endpoint, and its pull policy every pull of an image', () => {
  // ref ecr §2.3: "Minimum push policy" and the repository-policy example "AllowPull".
  const pushPolicy = new Set<EcrRegistryAction>([
    'ecr:CompleteLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:InitiateLayerUpload',
    'ecr:BatchCheckLayerAvailability',
    'ecr:PutImage',
  ]);
  const pullPolicy = new Set<EcrRegistryAction>(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
  const push = Object.keys(registryEndpoints).filter(
    (e) => registryActionOf(e as RegistryEndpoint) === 'push',
  ) as RegistryEndpoint[];
  for (const endpoint of [...push, 'blob-head'] as const) {
    for (const action of actions(endpoint)) assert.ok(pushPolicy.has(action), `${endpoint}: ${action}`);
  }
  for (const endpoint of [
    'manifest-get',
    'manifest-head',
    'blob-get',
    'referrers',
    'mount-source',
  ] as const) {
    for (const action of actions(endpoint)) assert.ok(pullPolicy.has(action), `${endpoint}: ${action}`);
  }
});

test('every endpoint but the API root and blob DELETE maps to at least one action', () => {
  const bare = Object.keys(registryEndpoints).filter((e) => actions(e as RegistryEndpoint).length === 0);
  assert.deepEqual(bare.sort(), ['api-root', 'blob-delete']);
});
