import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProvisionError } from '../../services/cloudformation/resource-provisioner.js';
import { asProvisionError, deleteIgnoringNotFound, handlerFailure } from './handler-failure.js';

const sdkError = (name: string, message: string, status: number) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, requestId: 'req-1' } });

test("a handler failure is worded as CloudFormation's ResourceStatusReason (ref cloudformation-cdk §1.6)", () => {
  const e = handlerFailure(
    "Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.",
    'GeneralServiceException',
  );
  assert.match(
    e.reason,
    /^Resource handler returned message: "Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'\." \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: GeneralServiceException\)$/,
  );
});

test("a service's error keeps its message and maps to the handler error code", () => {
  const cases: [string, number, string][] = [
    ['AccessDeniedException', 400, 'AccessDenied'],
    ['ClusterNotFoundException', 400, 'NotFound'],
    ['InvalidVpcID.NotFound', 400, 'NotFound'],
    ['Gateway.NotAttached', 400, 'NotFound'],
    ['DuplicateLoadBalancerName', 400, 'AlreadyExists'],
    ['ThrottlingException', 400, 'Throttling'],
    ['InvalidParameterException', 400, 'InvalidRequest'],
    ['ServerException', 500, 'ServiceInternalError'],
  ];
  for (const [name, status, code] of cases) {
    const e = asProvisionError(sdkError(name, 'it failed', status), 'Ecs') as ProvisionError;
    assert.ok(e instanceof ProvisionError, name);
    assert.ok(
      e.reason.startsWith(
        `Resource handler returned message: "it failed (Service: Ecs, Status Code: ${status}, Request ID: req-1)"`,
      ),
    );
    assert.ok(e.reason.endsWith(`HandlerErrorCode: ${code})`), `${name}: ${e.reason}`);
  }
  const other = new TypeError('not an SDK error');
  assert.equal(asProvisionError(other, 'Ecs'), other);
});

test('deleting what is gone succeeds; any other failure is reported', async () => {
  await deleteIgnoringNotFound('Ecs', () =>
    Promise.reject(sdkError('ClientException', 'The specified task definition does not exist.', 400)),
  );
  await assert.rejects(
    deleteIgnoringNotFound('Ecs', () => Promise.reject(sdkError('AccessDeniedException', 'no', 400))),
    (e: ProvisionError) => e.reason.includes('HandlerErrorCode: AccessDenied'),
  );
});
