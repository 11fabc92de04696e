// A failed task's stoppedReason per launch type (reference ecs-private-auth.md §1.8, §1.9, §3.1, §3.3, §3.5, §7).
// The pieces are pinned to the reference in messages.test.ts; here, how each failure picks and joins them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BerthError } from '../../errors/index.js';
import { AwsCallError, AwsTransportError } from '../task/ports.js';
import type { ResourceFailure } from './resource-failure.js';
import {
  maxReasonBytes,
  pullFailureTaskReason,
  resourceFailureReason,
  startFailureReason,
  truncateReason,
} from './task-failure-reasons.js';

const arn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:hub-AbCdEf';
const notFound = new AwsCallError({
  code: 'ResourceNotFoundException',
  message: "Secrets Manager can't find the specified secret.",
  statusCode: 400,
  requestId: 'r-1',
  fault: 'client',
  attempts: 1,
});
const denied = new AwsCallError({
  code: 'AccessDeniedException',
  message: 'Access to KMS is not allowed',
  statusCode: 400,
  requestId: 'r-2',
  fault: 'client',
  attempts: 1,
});
const refused = new AwsTransportError({
  url: 'http://127.0.0.1:4566/',
  detail: 'dial tcp 127.0.0.1:4566: connect: connection refused',
  timedOut: false,
  attempts: 3,
});
const timedOut = new AwsTransportError({
  url: 'http://127.0.0.1:4566/',
  detail: 'x',
  timedOut: true,
  attempts: 3,
});
const fargatePrefix =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: ';

describe('registry auth (asm-auth) failures', () => {
  const call = (error: AwsCallError | AwsTransportError): ResourceFailure => ({
    kind: 'call',
    resource: 'asm-auth',
    secretId: arn,
    error,
  });

  test('EC2: SDK v2 error, modeled printed bare, title-cased (§3.1)', () => {
    assert.equal(
      resourceFailureReason([call(notFound)], 'EC2'),
      `Asm fetching secret from the service for ${arn}: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: r-1, ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
    );
    assert.equal(
      resourceFailureReason([call(denied)], 'EC2'),
      `Asm fetching secret from the service for ${arn}: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: r-2, api error AccessDeniedException: Access to KMS is not allowed`,
    );
  });

  test('Fargate: SDK v1 error inside the wrapper, on one line (§3.3)', () => {
    assert.equal(
      resourceFailureReason([call(denied)], 'FARGATE'),
      `${fargatePrefix}service call has been retried 1 time(s): failed to fetch secret ${arn} from secrets manager: AccessDeniedException: Access to KMS is not allowed status code: 400, request id: r-2`,
    );
  });

  test('no answer: Go net words (EC2), RequestError or RequestCanceled and the network hint (Fargate)', () => {
    assert.equal(
      resourceFailureReason([call(refused)], 'EC2'),
      `Asm fetching secret from the service for ${arn}: operation error Secrets Manager: GetSecretValue, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post "http://127.0.0.1:4566/": dial tcp 127.0.0.1:4566: connect: connection refused`,
    );
    assert.equal(
      resourceFailureReason([call(refused)], 'FARGATE'),
      `${fargatePrefix}service call has been retried 3 time(s): failed to fetch secret ${arn} from secrets manager: RequestError: send request failed caused by: Post "http://127.0.0.1:4566/": dial tcp 127.0.0.1:4566: connect: connection refused. Please check your task network configuration.`,
    );
    assert.equal(
      resourceFailureReason([call(timedOut)], 'FARGATE'),
      `${fargatePrefix}service call has been retried 3 time(s): failed to fetch secret ${arn} from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration.`,
    );
  });

  test('an unusable value and missing credentials', () => {
    const value: ResourceFailure = {
      kind: 'value',
      resource: 'asm-auth',
      text: 'asm fetching password: AuthorizationData is malformed, empty field',
    };
    assert.equal(
      resourceFailureReason([value], 'EC2'),
      'Asm fetching password: AuthorizationData is malformed, empty field',
    );
    assert.equal(
      resourceFailureReason([value], 'FARGATE'),
      `${fargatePrefix}service call has been retried 1 time(s): asm fetching password: AuthorizationData is malformed, empty field`,
    );
    const none: ResourceFailure = { kind: 'no-execution-credentials', resource: 'asm-auth' };
    assert.equal(
      resourceFailureReason([none], 'EC2'),
      'Asm resource: unable to find execution role credentials',
    );
  });
});

describe('container secret failures', () => {
  const secretCall = (error: AwsCallError): ResourceFailure => ({
    kind: 'call',
    resource: 'asm-secret',
    secretId: arn,
    error,
  });

  test('EC2: the friendly ResourceNotFound text, other errors twice, all joined with `;` (§6.6)', () => {
    const v2 = (e: AwsCallError, modeled: boolean) =>
      `operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ${e.requestId}, ${modeled ? '' : 'api error '}${e.code}: ${e.message}`;
    assert.equal(
      resourceFailureReason([secretCall(notFound), secretCall(denied)], 'EC2'),
      `ResourceNotFoundException: The task can't retrieve the secret with ARN '${arn}' from AWS Secrets Manager. Check whether the secret exists in the specified Region: ${v2(notFound, true)};secret ${arn}: ${v2(denied, false)}: ${v2(denied, false)}`,
    );
  });

  test('Fargate names the first failure only', () => {
    const text = resourceFailureReason(
      [
        {
          kind: 'value',
          resource: 'asm-secret',
          text: "invalid character 'h' looking for beginning of value",
        },
        secretCall(denied),
      ],
      'FARGATE',
    );
    assert.equal(
      text,
      `${fargatePrefix}service call has been retried 1 time(s): invalid character 'h' looking for beginning of value`,
    );
  });

  test('no credentials for the secrets resource (EC2 keeps the agent’s upper-case ASM)', () => {
    const none: ResourceFailure = { kind: 'no-execution-credentials', resource: 'asm-secret' };
    assert.equal(
      resourceFailureReason([none], 'EC2'),
      'ASM secret resource: unable to find execution role credentials',
    );
    assert.equal(
      resourceFailureReason([none], 'FARGATE'),
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to find execution role credentials',
    );
  });

  test('Parameter Store (ref ecs-private-auth §3.3 SSM variant, §6.6): the region wrapper on EC2, the ssm wrapper on Fargate', () => {
    const denied = new AwsCallError({
      code: 'AccessDeniedException',
      message:
        'User: arn:aws:sts::111111111111:assumed-role/exec/t is not authorized to perform: ssm:GetParameters',
      statusCode: 400,
      requestId: 'rid-1',
      fault: 'client',
      attempts: 1,
    });
    const call: ResourceFailure = { kind: 'ssm-call', region: 'us-east-1', error: denied };
    assert.equal(
      resourceFailureReason([call], 'EC2'),
      'Fetching secret data from SSM Parameter Store in us-east-1: operation error SSM: GetParameters, https response error StatusCode: 400, RequestID: rid-1, api error AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/exec/t is not authorized to perform: ssm:GetParameters',
    );
    assert.equal(
      resourceFailureReason([call], 'FARGATE'),
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/exec/t is not authorized to perform: ssm:GetParameters status code: 400, request id: rid-1',
    );
    const invalid: ResourceFailure = { kind: 'ssm-invalid', region: 'eu-west-1', names: ['/a', 'b'] };
    assert.equal(
      resourceFailureReason([invalid], 'EC2'),
      'Fetching secret data from SSM Parameter Store in eu-west-1: invalid parameters: /a,b',
    );
    assert.match(
      resourceFailureReason([invalid], 'FARGATE'),
      /unable to retrieve secrets from ssm: service call has been retried 1 time\(s\): invalid parameters: \/a,b$/,
    );
  });
});

describe('pull and start failures (§3.5)', () => {
  test('Fargate shows the container error, EC2 that the task failed to start', () => {
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref x';
    assert.equal(pullFailureTaskReason(reason, 'FARGATE'), reason);
    assert.equal(pullFailureTaskReason(reason, 'EC2'), 'Task failed to start');
  });

  test("runc's failure reads as containerd's shim reports it (OBS saebyn/glowing-telegram#398)", () => {
    const error = new BerthError(
      'BERTH_RUNTIME_FAILED',
      'runc run failed: unable to start container process: exec: "nosuch": executable file not found in $PATH',
    );
    assert.equal(
      startFailureReason(error, 'FARGATE'),
      'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown',
    );
    assert.equal(
      startFailureReason(error, 'EC2'),
      'CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown',
    );
    const other = new BerthError('BERTH_RUNTIME_FAILED', 'cannot mount the rootfs: EPERM');
    assert.match(
      startFailureReason(other, 'EC2'),
      /OCI runtime create failed: cannot mount the rootfs: EPERM: unknown$/,
    );
  });

  test('a container berth cannot describe to the runtime [INF]', () => {
    const error = new BerthError(
      'BERTH_INVALID_ARGUMENT',
      'unable to find user app: no matching entries in passwd file',
    );
    assert.equal(
      startFailureReason(error, 'EC2'),
      'CannotCreateContainerError: Error response from daemon: unable to find user app: no matching entries in passwd file',
    );
    assert.equal(
      startFailureReason(error, 'FARGATE'),
      'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: unable to find user app: no matching entries in passwd file: unknown',
    );
  });
});

describe('1024-byte reasons (§1.8)', () => {
  test('a long reason is cut to 1024 bytes, without an ellipsis', () => {
    const text = resourceFailureReason(
      [{ kind: 'value', resource: 'asm-secret', text: `secret ${'x'.repeat(2000)}` }],
      'EC2',
    );
    assert.equal(Buffer.byteLength(text), maxReasonBytes);
    assert.ok(text.startsWith('Secret xxx') && text.endsWith('x'));
  });

  test('property: never more than 1024 bytes, never a broken character, a prefix of the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 1500 }), (text) => {
        const cut = truncateReason(text);
        assert.ok(Buffer.byteLength(cut) <= maxReasonBytes);
        assert.ok(text.startsWith(cut));
        assert.ok(
          Buffer.byteLength(text) <= maxReasonBytes
            ? cut === text
            : Buffer.byteLength(cut) > maxReasonBytes - 4,
        );
      }),
    );
  });
});
