// Pins every pull text of messages.ts byte for byte to the strings ECS shows, as recorded in
// reference/ecs-private-auth.md §3.2, §3.3 and §7 (the decision table). The quotes below are copied from the
// reference; when the reference is checked out beside the repository (../shared/reference), the test also checks
// that each quote still appears there verbatim.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { collapseWhitespace, ec2TerminalReason, messages } from './messages.js';

const referenceFile = fileURLToPath(
  new URL('../../../shared/reference/ecs-private-auth.md', import.meta.url),
);
const reference = existsSync(referenceFile) ? readFileSync(referenceFile, 'utf8') : undefined;

/** A quote from the reference: when the file is present, it must contain the quote exactly. */
function quoted(text: string): string {
  if (reference !== undefined) assert.ok(reference.includes(text), `not in ecs-private-auth.md: ${text}`);
  return text;
}

/** A quote the reference wraps across lines (markdown line breaks and indentation read as one space). */
function quotedWrapped(text: string): string {
  if (reference !== undefined) {
    const flat = reference.replace(/\n\s*/g, ' ');
    assert.ok(flat.includes(text), `not in ecs-private-auth.md (even unwrapped): ${text}`);
  }
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

const { agentResource, awsSdk, fargateResource, task } = messages;

describe('Fargate secret and registry-auth texts (§3.3, §1.9)', () => {
  test('KMS denied, SDK v1 error collapsed onto one line (GiamPy5/terraform-aws-directus#10)', () => {
    const arn =
      'arn:aws:secretsmanager:eu-central-1:account_id:secret:algo-dev-directus-secret20240626183203358800000004-EaPYTy';
    const sdkError = awsSdk.v1Error(
      'AccessDeniedException',
      'Access to KMS is not allowed',
      400,
      'a87a66d9-f839-4353-b8c2-9984b1465695',
    );
    assert.equal(
      collapseWhitespace(
        fargateResource.asmRetrievalFailed(1, fargateResource.fetchSecretFailed(arn, sdkError)),
      ),
      quoted(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-central-1:account_id:secret:algo-dev-directus-secret20240626183203358800000004-EaPYTy from secrets manager: AccessDeniedException: Access to KMS is not allowed status code: 400, request id: a87a66d9-f839-4353-b8c2-9984b1465695',
      ),
    );
  });

  test('IAM denied (aws-samples/dify-self-hosted-on-aws#35; the quote ends at the request id)', () => {
    const arn = 'arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret';
    const message =
      'User: arn:aws:sts::redact:assumed-role/DifyOnAwsStack-WebServiceTaskExecutionRole4406CA16-redact is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret because no identity-based policy allows the secretsmanager:GetSecretValue action';
    const text = collapseWhitespace(
      fargateResource.asmRetrievalFailed(
        1,
        fargateResource.fetchSecretFailed(arn, awsSdk.v1Error('AccessDeniedException', message, 400, 'r-1')),
      ),
    );
    const head = quoted(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret from secrets manager: AccessDeniedException: User: arn:aws:sts::redact:assumed-role/DifyOnAwsStack-WebServiceTaskExecutionRole4406CA16-redact is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret because no identity-based policy allows the secretsmanager:GetSecretValue action status code: 400, …',
    ).replace('…', '');
    assert.equal(text, `${head}request id: r-1`);
  });

  test('network timeout (Releem/releem-agent#195)', () => {
    const text = fargateResource.asmRetrievalFailed(
      5,
      fargateResource.checkNetwork(
        fargateResource.fetchSecretFailed(
          'arn:aws:secretsmanager:us-west-2:*:secret:DBPasswordSecret-*',
          awsSdk.v1RequestCanceled,
        ),
      ),
    );
    assert.equal(
      collapseWhitespace(text),
      quoted(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:us-west-2:*:secret:DBPasswordSecret-* from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration.',
      ),
    );
  });

  test("a json-key secret that is not JSON: Go's error inside the wrapper (rileydakota/valheim-ecs-fargate-cdk#9)", () => {
    assert.equal(
      fargateResource.asmRetrievalFailed(1, "invalid character '\\'' looking for beginning of value"),
      quoted(
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): invalid character '\\'' looking for beginning of value",
      ),
    );
  });

  test('a malformed registry-auth secret [INF, §1.9]', () => {
    assert.equal(
      fargateResource.asmRetrievalFailed(1, agentResource.invalidSchema),
      quotedWrapped(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): asm fetching authorization data: unable to unmarshal secret value, invalid schema',
      ),
    );
  });

  test("the SSM wrapper is Parameter Store's (aws/copilot-cli#3104)", () => {
    const prefix = quoted(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: ',
    );
    const text = fargateResource.ssmRetrievalFailed(1, 'AccessDeniedException: User: ....');
    assert.ok(text.startsWith(prefix));
  });

  test("the EC2 agent's Parameter Store texts (ref ecs-private-auth §6.6)", () => {
    assert.equal(
      agentResource.ssmFetchFailed('<region>', '<err>'),
      quoted('fetching secret data from SSM Parameter Store in <region>: <err>'),
    );
    assert.equal(agentResource.ssmInvalidParameters(['<a', 'b>']), quoted('invalid parameters: <a,b>'));
  });

  test('no execution credentials [INF]: the wrapper with the missing piece named', () => {
    assert.equal(
      fargateResource.noExecutionCredentials,
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to find execution role credentials',
    );
  });
});

describe('EC2 agent texts (§1.8, §3.1, §6.6)', () => {
  test('the observed SDK-v1-era AccessDenied, title-cased and collapsed by SetTerminalReason (§1.8)', () => {
    const arn = 'arn:aws:secretsmanager:ap-northeast-1:xxxxxxxxxx:secret:gitlab-sample-registry-y54JnU';
    const message = `User: arn:aws:sts::xxxxxxxxxx:assumed-role/ecsTaskExecutionRole/14edf050-3d47-4c90-8e13-cb4a6d0e67a1 is not authorized to perform: secretsmanager:GetSecretValue on resource: ${arn}`;
    const sdkError = awsSdk.v1Error(
      'AccessDeniedException',
      message,
      400,
      '83b3a590-db73-43d8-a0cb-abf894994173',
    );
    assert.equal(
      ec2TerminalReason(agentResource.asmFetchFailed(arn, sdkError)),
      quoted(
        'Asm fetching secret from the service for arn:aws:secretsmanager:ap-northeast-1:xxxxxxxxxx:secret:gitlab-sample-registry-y54JnU: AccessDeniedException: User: arn:aws:sts::xxxxxxxxxx:assumed-role/ecsTaskExecutionRole/14edf050-3d47-4c90-8e13-cb4a6d0e67a1 is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:ap-northeast-1:xxxxxxxxxx:secret:gitlab-sample-registry-y54JnU status code: 400, request id: 83b3a590-db73-43d8-a0cb-abf894994173',
      ),
    );
  });

  test('SDK v2: a modeled error prints bare (§3.1 ResourceNotFound row)', () => {
    const apiError = awsSdk.v2ApiError(
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret.",
      true,
    );
    const sdkError = awsSdk.v2ResponseError('Secrets Manager', 'GetSecretValue', 400, '<id>', apiError);
    assert.equal(
      agentResource.asmFetchFailed('<credentialsParameter>', sdkError),
      quoted(
        "asm fetching secret from the service for <credentialsParameter>: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: <id>, ResourceNotFoundException: Secrets Manager can't find the specified secret.",
      ),
    );
  });

  test('SDK v2: an unmodeled error prints as `api error` (§3.1 AccessDenied row)', () => {
    const message =
      'User: arn:aws:sts::<acct>:assumed-role/<role>/<session> is not authorized to perform: secretsmanager:GetSecretValue on resource: <id> because no identity-based policy allows the secretsmanager:GetSecretValue action';
    const sdkError = awsSdk.v2ResponseError(
      'Secrets Manager',
      'GetSecretValue',
      400,
      'r-1',
      awsSdk.v2ApiError('AccessDeniedException', message, false),
    );
    const text = ec2TerminalReason(agentResource.asmFetchFailed('<id>', sdkError));
    const [head, tail] = quoted(
      'Asm fetching secret from the service for <id>: … api error AccessDeniedException: User: arn:aws:sts::<acct>:assumed-role/<role>/<session> is not authorized to perform: secretsmanager:GetSecretValue on resource: <id> because no identity-based policy allows the secretsmanager:GetSecretValue action',
    ).split(' … ');
    assert.ok(text.startsWith(head!) && text.endsWith(tail!), text);
  });

  test('SDK v2: no response after the retries [INF shape, §3]', () => {
    assert.equal(
      awsSdk.v2SendError('Secrets Manager', 'GetSecretValue', 3, 'https://…/', 'dial tcp: i/o timeout'),
      quotedWrapped(
        'operation error Secrets Manager: GetSecretValue, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post "https://…/": dial tcp: i/o timeout',
      ),
    );
  });

  test('registry-auth value texts as stoppedReasons (§3.1 table)', () => {
    const rows: [string, string][] = [
      [agentResource.emptySecretValue, 'Asm fetching authorization data: empty secrets value'],
      [
        agentResource.invalidSchema,
        'Asm fetching authorization data: unable to unmarshal secret value, invalid schema',
      ],
      [agentResource.emptyUsername, 'Asm fetching username: AuthorizationData is malformed, empty field'],
      [agentResource.emptyPassword, 'Asm fetching password: AuthorizationData is malformed, empty field'],
      [agentResource.asmAuthNoCredentials, 'Asm resource: unable to find execution role credentials'],
    ];
    for (const [text, shown] of rows) assert.equal(ec2TerminalReason(text), quoted(shown));
    // The agent's own lower-case texts are in the reference too (§1.4, peers §C).
    for (const [text] of rows) quoted(text);
  });

  test('container secret texts (§6.6)', () => {
    assert.equal(
      agentResource.secretNotFound('<id>', '<sdk error>'),
      quotedWrapped(
        "ResourceNotFoundException: The task can't retrieve the secret with ARN '<id>' from AWS Secrets Manager. Check whether the secret exists in the specified Region: <sdk error>",
      ),
    );
    assert.equal(
      agentResource.secretFetchFailed('<id>', '<sdk error>'),
      quoted('secret <id>: <sdk error>: <sdk error>'),
    );
    assert.equal(
      agentResource.invalidSecretArnFormat,
      quotedWrapped(
        'an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.',
      ),
    );
    assert.equal(
      agentResource.unusableValueFrom('<valueFrom>', '<arn parse error>'),
      quoted('trying to retrieve secret with value <valueFrom> resulted in error: <arn parse error>'),
    );
    assert.equal(
      agentResource.missingJsonKey('<key>'),
      quotedWrapped('retrieved secret from Secrets Manager did not contain json key <key>'),
    );
    assert.equal(
      agentResource.asmSecretNoCredentials,
      quoted('ASM secret resource: unable to find execution role credentials'),
    );
  });

  test("SetTerminalReason's strings.Title (§1.8; Go 1.19 checked the underscore and accent cases)", () => {
    assert.equal(ec2TerminalReason(quoted('arn:aws:…')), quoted('Arn:Aws:…'));
    assert.equal(ec2TerminalReason('ASM secret'), 'ASM secret');
    assert.equal(ec2TerminalReason('secret_id-x.y z'), 'Secret_id-X.Y z');
    assert.equal(ec2TerminalReason('élan x'), 'Élan x');
    assert.equal(ec2TerminalReason(' a\n\tb  c '), 'A b c');
    assert.equal(ec2TerminalReason(' \n '), '');
  });
});

describe('task texts (§3.5)', () => {
  test('stopped reasons', () => {
    assert.equal(task.taskFailedToStart, quoted('Task failed to start'));
    assert.equal(task.essentialContainerExited, quoted('Essential container in task exited'));
  });

  test('a container the runtime cannot start (not in the reference: OBS saebyn/glowing-telegram#398)', () => {
    const detail =
      'runc create failed: unable to start container process: exec: "019552fb-18b7-72c3-8935-313f6668bb0b": executable file not found in $PATH';
    assert.equal(
      task.cannotStartContainer('FARGATE', detail),
      'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "019552fb-18b7-72c3-8935-313f6668bb0b": executable file not found in $PATH: unknown',
    );
    assert.equal(
      task.cannotStartContainer('EC2', 'runc create failed: x'),
      'CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: x: unknown',
    );
  });
});
