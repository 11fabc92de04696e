// Pins every pull text of messages.ts byte for byte to the strings ECS shows, as recorded in
// reference/ecs-private-auth.md §3.2, §3.3 and §7 (the decision table). The quotes below are copied from the
// reference; when the reference is checked out beside the repository (../shared/reference), the test also checks
// that each quote still appears there verbatim.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { messages } from './messages.js';

const referenceFile = fileURLToPath(
  new URL('../../../shared/reference/ecs-private-auth.md', import.meta.url),
);
const reference = existsSync(referenceFile) ? readFileSync(referenceFile, 'utf8') : undefined;

/** A quote from the reference: when the file is present, it must contain the quote exactly. */
function quoted(text: string): string {
  if (reference !== undefined) assert.ok(reference.includes(text), `not in ecs-private-auth.md: ${text}`);
  return text;
}

const { containerd, fargate, ec2 } = messages;

describe('Fargate pull texts (§3.3)', () => {
  test('401 from the token endpoint, anonymous (PrefectHQ/prefect#16964)', () => {
    const url = 'https://ghcr.io/token?scope=repository%3Amy-org%2Fmy-image%3Apull&service=ghcr.io';
    const text = fargate.resolveFailed(
      'ghcr.io/my-org/my-image:latest',
      containerd.authorize(containerd.fetchToken('anonymous', containerd.unexpectedStatus('GET', url, 401))),
    );
    assert.equal(
      text,
      quoted(
        'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ghcr.io/my-org/my-image:latest: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Amy-org%2Fmy-image%3Apull&service=ghcr.io: 401 Unauthorized',
      ),
    );
  });

  test('403 on a HEAD (aws/containers-roadmap#2493)', () => {
    const ref = '<acct>.dkr.ecr.us-west-2.amazonaws.com/otel-collector:latest@sha256:863…9ac';
    const url = 'https://<acct>.dkr.ecr.us-west-2.amazonaws.com/v2/otel-collector/blobs/sha256:863…9ac';
    assert.equal(
      fargate.resolveFailed(ref, containerd.unexpectedStatus('HEAD', url, 403)),
      quoted(
        'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref <acct>.dkr.ecr.us-west-2.amazonaws.com/otel-collector:latest@sha256:863…9ac: unexpected status from HEAD request to https://<acct>.dkr.ecr.us-west-2.amazonaws.com/v2/otel-collector/blobs/sha256:863…9ac: 403 Forbidden',
      ),
    );
  });

  test('network failure, with the retry count (ActionIQ/terraform-aws-retool-ecs-fargate#20)', () => {
    const url = 'https://registry-1.docker.io/v2/tryretool/backend/manifests/2.110.5';
    const text = fargate.resolveFailed(
      'docker.io/tryretool/backend:2.110.5',
      containerd.doRequest('HEAD', url, 'dial tcp 34.205.13.154:443: i/o timeout'),
      5,
    );
    assert.equal(
      text,
      quoted(
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/tryretool/backend:2.110.5: failed to do request: Head "https://registry-1.docker.io/v2/tryretool/backend/manifests/2.110.5": dial tcp 34.205.13.154:443: i/o timeout',
      ),
    );
  });

  test("platform mismatch (aviswerdlow/relay#71; the decision table's form, without the service event's period)", () => {
    const text = fargate.platformMismatch('linux/amd64', 7);
    assert.equal(
      text,
      quoted(
        "CannotPullContainerError: pull image manifest has been retried 7 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'",
      ),
    );
    // The observed service event adds a period after the reason.
    quoted(`${text}.`);
  });

  test('429 on a blob or manifest GET (apptension/saas-boilerplate#204)', () => {
    const detail = containerd.failedOpen(
      'https://registry-1.docker.io/v2/<repo>/manifests/sha256:<d>',
      429,
      'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    );
    const text = fargate.copyFailed(detail);
    assert.ok(
      text.endsWith(
        quoted(
          'failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/<repo>/manifests/sha256:<d>: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
        ),
      ),
    );
    // The copy prefix is the archived AWS troubleshooting page's (which spells the reader "httpReaderSeeker";
    // containerd's source and the newer report say httpReadSeeker).
    assert.ok(
      text.startsWith(
        quoted('CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: '),
      ),
    );
  });

  test('not found: the containerd shape of the decision table [INF]', () => {
    const ref = '127.0.0.1:5000/private/app:missing';
    assert.equal(
      fargate.resolveFailed(ref, containerd.notFound(ref), 1),
      quoted(
        'CannotPullContainerError: pull image manifest has been retried N time(s): failed to resolve ref <ref>: <ref>: not found',
      )
        .replace('N', '1')
        .replaceAll('<ref>', ref),
    );
  });

  test('401 from the registry itself fits the decision table: "failed to resolve ref <ref>: …: 401 Unauthorized"', () => {
    const ref = '127.0.0.1:5000/private/app:v1';
    const text = fargate.resolveFailed(
      ref,
      containerd.unexpectedStatus('HEAD', 'http://127.0.0.1:5000/v2/private/app/manifests/v1', 401),
    );
    const [head, tail] = quoted(
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref <ref>: …: 401 Unauthorized',
    ).split('…');
    assert.ok(text.startsWith(head!.replace('<ref>', ref)) && text.endsWith(tail!), text);
  });
});

describe('EC2 pull texts (§3.2, decision table)', () => {
  test('tag or repository missing', () => {
    assert.equal(
      ec2.manifestUnknown('manifest unknown'),
      quoted('CannotPullImageManifestError: Error response from daemon: manifest unknown: manifest unknown'),
    );
  });

  test('digest missing', () => {
    assert.equal(
      ec2.manifestNotFound('127.0.0.1:51670/busybox@sha256:0000…0000'),
      quoted(
        'CannotPullContainerError: Error response from daemon: manifest for 127.0.0.1:51670/busybox@sha256:0000…0000 not found: manifest unknown: manifest unknown',
      ),
    );
  });

  test('rate limit', () => {
    assert.equal(
      `Task failed to start - ${ec2.tooManyRequests('Request exceeded pull rate limit for IP XX.XXX.XX.XX')}`,
      quoted(
        'Task failed to start - CannotPullImageManifestError: Error response from daemon: toomanyrequests: Request exceeded pull rate limit for IP XX.XXX.XX.XX',
      ),
    );
  });

  test('platform mismatch [INF prefix]', () => {
    assert.equal(
      ec2.platformMismatch('linux/amd64'),
      quoted('CannotPullContainerError: no matching manifest for linux/amd64 in the manifest list entries'),
    );
  });
});

test('status lines are Go’s resp.Status', () => {
  assert.equal(
    containerd.unexpectedStatus('HEAD', 'u', 404),
    'unexpected status from HEAD request to u: 404 Not Found',
  );
  assert.equal(containerd.unexpectedStatus('GET', 'u', 599), 'unexpected status from GET request to u: 599');
  assert.equal(
    containerd.contentNotFound('u'),
    'httpReadSeeker: failed open: content at u not found: not found',
  );
});
