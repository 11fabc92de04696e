// The mapping from the registry client's typed errors to the ECS texts, case by case (the texts themselves are pinned
// to the reference in ../messages.test.ts; the integration tests check the same mapping against real registries).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePlatform, parseReference } from '../../engines/oci/index.js';
import { BerthError } from '../../errors/index.js';
import { RegistryError } from '../../registry/client/index.js';
import { pullFailureReason } from './pull-failure-reason.js';

const context = {
  reference: parseReference('ghcr.io/my-org/my-image'),
  platform: parsePlatform('linux/x86_64'),
};
const prefix =
  'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ghcr.io/my-org/my-image:latest: ';
const copy = 'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: ';

test('token failures are "failed to authorize"', () => {
  const error = new RegistryError(
    'BERTH_REGISTRY_UNAUTHORIZED',
    'failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Amy-org%2Fmy-image%3Apull&service=ghcr.io: 401 Unauthorized',
    {
      operation: 'token',
      status: 401,
      tokenFetch: 'anonymous',
    },
  );
  assert.equal(
    pullFailureReason(error, context),
    `${prefix}failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Amy-org%2Fmy-image%3Apull&service=ghcr.io: 401 Unauthorized`,
  );
});

test('resolve-step statuses: 404 is "<ref>: not found", others keep containerd’s text', () => {
  const notFound = new RegistryError('BERTH_REGISTRY_NOT_FOUND', 'unexpected …', {
    operation: 'resolve',
    status: 404,
  });
  assert.equal(pullFailureReason(notFound, context), `${prefix}ghcr.io/my-org/my-image:latest: not found`);
  const denied = new RegistryError(
    'BERTH_REGISTRY_DENIED',
    'unexpected status from HEAD request to u: 403 Forbidden',
    {
      operation: 'resolve',
      status: 403,
    },
  );
  assert.equal(
    pullFailureReason(denied, { ...context, retries: 3 }),
    `${prefix.replace('1 time', '3 time')}unexpected status from HEAD request to u: 403 Forbidden`,
  );
});

test('copy-step statuses: httpReadSeeker with the server message; 404 as content not found', () => {
  const limited = new RegistryError('BERTH_REGISTRY_RATE_LIMITED', 'x', {
    operation: 'blob',
    status: 429,
    url: 'https://r/v2/a/blobs/sha256:1',
    serverErrors: [{ code: 'TOOMANYREQUESTS', message: 'Rate exceeded' }],
  });
  assert.equal(
    pullFailureReason(limited, context),
    `${copy}httpReadSeeker: failed open: unexpected status code https://r/v2/a/blobs/sha256:1: 429 Too Many Requests - Server message: toomanyrequests: Rate exceeded`,
  );
  const gone = new RegistryError('BERTH_REGISTRY_NOT_FOUND', 'x', {
    operation: 'manifest',
    status: 404,
    url: 'u',
  });
  assert.equal(
    pullFailureReason(gone, context),
    `${copy}httpReadSeeker: failed open: content at u not found: not found`,
  );
});

test('platform, content and other failures', () => {
  const platform = new RegistryError('BERTH_PLATFORM_NOT_FOUND', 'none', { operation: 'resolve' });
  assert.equal(
    pullFailureReason(platform, context),
    "CannotPullContainerError: pull image manifest has been retried 1 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'",
  );
  assert.equal(
    pullFailureReason(new BerthError('BERTH_DIGEST_MISMATCH', 'digest mismatch: expected a, got b'), context),
    `${copy}digest mismatch: expected a, got b`,
  );
  assert.equal(
    pullFailureReason(new BerthError('BERTH_UNSUPPORTED_MANIFEST', 'schema 1'), context),
    `${prefix}schema 1`,
  );
  assert.equal(pullFailureReason(new Error('disk full'), context), 'CannotPullContainerError: disk full');
});

test('EC2 words the cases the reference records the Docker way', () => {
  const ec2 = { ...context, launchType: 'EC2' as const };
  const missing = new RegistryError('BERTH_REGISTRY_NOT_FOUND', 'x', {
    operation: 'resolve',
    status: 404,
    serverErrors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }],
  });
  assert.equal(
    pullFailureReason(missing, ec2),
    'CannotPullImageManifestError: Error response from daemon: manifest unknown: manifest unknown',
  );
  const platform = new RegistryError('BERTH_PLATFORM_NOT_FOUND', 'none', { operation: 'resolve' });
  assert.equal(
    pullFailureReason(platform, ec2),
    'CannotPullContainerError: no matching manifest for linux/amd64 in the manifest list entries',
  );
});
