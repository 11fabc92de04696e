/**
 * AWS wire errors (DESIGN.md "Three error families"). A `ServiceError` is a modelled error a service throws with the
 * code, status and message text AWS gives. A `FrameworkError` is one of the errors the wire layer itself raises
 * (authentication, routing, parsing, authorization); it names a kind, and the protocol decides the wire code and
 * status, because JSON and Query services name the same failure differently (reference §3.3, §4.1–4.2, §7).
 */

export type Protocol = 'aws-json' | 'aws-query';
export type Fault = 'client' | 'server';

// Global-symbol brands, so the checks hold across duplicate copies of this module.
const serviceBrand = Symbol.for('berth.aws.service-error');
const frameworkBrand = Symbol.for('berth.aws.framework-error');

/** A modelled AWS error: the code the client sees (for Query, the awsQueryError code), HTTP status and fault. */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: Fault;
  readonly [serviceBrand] = true;

  constructor(code: string, message: string, options: { status?: number; fault?: Fault } = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.status = options.status ?? 400;
    this.fault = options.fault ?? (this.status >= 500 ? 'server' : 'client');
  }
}

interface WireName {
  readonly code: string;
  readonly status: number;
  /** AWS's text when the raiser gives none; '' means AWS sends no message member. */
  readonly message: string;
}

interface FrameworkErrorEntry {
  readonly fault: Fault;
  readonly json: WireName;
  readonly query: WireName;
}

const tokenInvalid = 'The security token included in the request is invalid.';
const tokenExpired = 'The security token included in the request is expired';
const mismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access ' +
  'Key and signing method. Consult the service documentation for details.';
const internal = 'The request processing has failed because of an unknown error, exception or failure.';

/**
 * Each framework error once, with its name per protocol. JSON services answer client errors with 400
 * (reference §4.1); Query statuses follow §3.3 and AWS's Common Errors pages (403 for authentication failures,
 * MalformedQueryString 404, InvalidAction/MissingAction 400).
 */
export const frameworkErrors = {
  missingAuthentication: {
    fault: 'client',
    json: {
      code: 'MissingAuthenticationTokenException',
      status: 400,
      message: 'Missing Authentication Token',
    },
    query: {
      code: 'MissingAuthenticationToken',
      status: 403,
      message: 'Request is missing Authentication Token',
    },
  },
  incompleteSignature: {
    fault: 'client',
    json: { code: 'IncompleteSignatureException', status: 400, message: '' },
    query: { code: 'IncompleteSignature', status: 400, message: '' },
  },
  signatureDoesNotMatch: {
    fault: 'client',
    json: { code: 'InvalidSignatureException', status: 400, message: mismatch },
    query: { code: 'SignatureDoesNotMatch', status: 403, message: mismatch },
  },
  unrecognizedClient: {
    fault: 'client',
    json: { code: 'UnrecognizedClientException', status: 400, message: tokenInvalid },
    query: { code: 'InvalidClientTokenId', status: 403, message: tokenInvalid },
  },
  expiredToken: {
    fault: 'client',
    json: { code: 'ExpiredTokenException', status: 400, message: tokenExpired },
    query: { code: 'ExpiredToken', status: 403, message: tokenExpired },
  },
  unknownOperation: {
    fault: 'client',
    json: { code: 'UnknownOperationException', status: 400, message: '' },
    query: { code: 'InvalidAction', status: 400, message: '' },
  },
  missingAction: {
    fault: 'client',
    json: { code: 'UnknownOperationException', status: 400, message: '' },
    query: {
      code: 'MissingAction',
      status: 400,
      message: 'The request is missing an action or a required parameter.',
    },
  },
  malformedQueryString: {
    fault: 'client',
    json: { code: 'MalformedQueryString', status: 404, message: '' },
    query: { code: 'MalformedQueryString', status: 404, message: '' },
  },
  serialization: {
    fault: 'client',
    json: { code: 'SerializationException', status: 400, message: '' },
    query: { code: 'InvalidQueryParameter', status: 400, message: '' },
  },
  validation: {
    fault: 'client',
    json: { code: 'ValidationException', status: 400, message: '' },
    query: { code: 'ValidationError', status: 400, message: '' },
  },
  accessDenied: {
    fault: 'client',
    json: { code: 'AccessDeniedException', status: 400, message: '' },
    query: { code: 'AccessDenied', status: 403, message: '' },
  },
  internalFailure: {
    fault: 'server',
    json: { code: 'InternalFailure', status: 500, message: internal },
    query: { code: 'InternalFailure', status: 500, message: internal },
  },
} as const satisfies Record<string, FrameworkErrorEntry>;

export type FrameworkErrorKind = keyof typeof frameworkErrors;

/** An error raised by the wire layer; rendered with the protocol's name from `frameworkErrors`. */
export class FrameworkError extends Error {
  readonly kind: FrameworkErrorKind;
  /** The message as given by the raiser, or undefined to use AWS's default text for the protocol. */
  readonly awsMessage: string | undefined;
  readonly [frameworkBrand] = true;

  constructor(kind: FrameworkErrorKind, message?: string) {
    super(message ?? kind);
    this.name = 'FrameworkError';
    this.kind = kind;
    this.awsMessage = message;
  }
}

/** What a protocol serializer writes: the wire code, status, fault and message ('' = no message member). */
export interface WireError {
  readonly code: string;
  readonly status: number;
  readonly fault: Fault;
  readonly message: string;
  /** Whether the error came from the wire layer (JSON framework errors use the `message` member casing). */
  readonly framework: boolean;
}

export function isServiceError(value: unknown): value is ServiceError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [serviceBrand]?: unknown })[serviceBrand] === true
  );
}

export function isFrameworkError(value: unknown): value is FrameworkError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [frameworkBrand]?: unknown })[frameworkBrand] === true
  );
}

/** Any thrown value as the protocol renders it; anything unknown becomes InternalFailure (never its message). */
export function toWireError(error: unknown, protocol: Protocol): WireError {
  if (isServiceError(error)) {
    return {
      code: error.code,
      status: error.status,
      fault: error.fault,
      message: error.message,
      framework: false,
    };
  }
  const framework = isFrameworkError(error) ? error : new FrameworkError('internalFailure');
  const entry: FrameworkErrorEntry = frameworkErrors[framework.kind];
  const name = protocol === 'aws-json' ? entry.json : entry.query;
  return {
    code: name.code,
    status: name.status,
    fault: entry.fault,
    message: framework.awsMessage ?? name.message,
    framework: true,
  };
}
