import { randomUUID } from 'node:crypto';
import { ProvisionError } from '../../services/cloudformation/resource-provisioner.js';

// How CloudFormation words a resource handler's failure in ResourceStatusReason: `Resource handler returned message:
// "<message>" (RequestToken: <uuid>, HandlerErrorCode: <code>)` (ref cloudformation-cdk §5.3 and §1.6, the
// circuit-breaker event quoted from AWS). The service's part inside the message follows the AWS SDK for Java v2's
// exception text, `<message> (Service: <Service>, Status Code: <n>, Request ID: <id>)`, which the registry handlers
// (written in Java) pass through [UNCONFIRMED: seen in user reports, not in AWS documentation].

/** The handler error codes of the CloudFormation resource-provider contract that a service error maps to. */
export type HandlerErrorCode =
  | 'AccessDenied'
  | 'AlreadyExists'
  | 'GeneralServiceException'
  | 'InvalidRequest'
  | 'NotFound'
  | 'ServiceInternalError'
  | 'Throttling';

interface SdkError {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** The ProvisionError CloudFormation shows for a handler that failed with `message`. */
export function handlerFailure(message: string, code: HandlerErrorCode): ProvisionError {
  return new ProvisionError(
    `Resource handler returned message: "${message}" (RequestToken: ${randomUUID()}, HandlerErrorCode: ${code})`,
  );
}

export function isNotFound(error: unknown): boolean {
  return sdkError(error) !== undefined && handlerErrorCode(error as SdkError) === 'NotFound';
}

/** `error` (an SDK error from berth's API) as CloudFormation reports it; anything else passes through unchanged. */
export function asProvisionError(error: unknown, service: string): unknown {
  const e = sdkError(error);
  if (!e) return error;
  const status = e.$metadata?.httpStatusCode ?? 0;
  const detail = `${e.message} (Service: ${service}, Status Code: ${status}, Request ID: ${e.$metadata?.requestId ?? ''})`;
  return handlerFailure(detail, handlerErrorCode(e));
}

/** Runs a provider step, turning the service's errors into CloudFormation's text for `service` (e.g. `Ecs`). */
export async function handled<T>(service: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw asProvisionError(error, service);
  }
}

/** Deleting what is already gone succeeds: CloudFormation treats NotFound on delete as done. */
export async function deleteIgnoringNotFound(service: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (isNotFound(error)) return;
    throw asProvisionError(error, service);
  }
}

function sdkError(error: unknown): SdkError | undefined {
  const e = error as Partial<SdkError> | undefined;
  return e && typeof e.name === 'string' && e.$metadata?.httpStatusCode !== undefined
    ? (e as SdkError)
    : undefined;
}

function handlerErrorCode(e: SdkError): HandlerErrorCode {
  const name = e.name;
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(name)) return 'AccessDenied';
  if (/NotFound|NoSuch/.test(name) || notFoundText(name, e.message)) return 'NotFound';
  if (/AlreadyExists|Duplicate/.test(name)) return 'AlreadyExists';
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) return 'Throttling';
  if (status >= 500) return 'ServiceInternalError';
  if (status >= 400) return 'InvalidRequest';
  return 'GeneralServiceException';
}

// Some services answer a missing resource with a generic code and a text: ECS's `ClientException` "… not found",
// `ServiceNotFoundException`; EC2's `Invalid<Thing>ID.NotFound` is caught by the name test above, and a detached
// gateway's `Gateway.NotAttached` means the attachment is gone.
function notFoundText(name: string, message: string): boolean {
  if (name === 'Gateway.NotAttached') return true;
  return (
    (name === 'ClientException' || name === 'InvalidParameterException') &&
    /not found|does not exist/i.test(message)
  );
}
