/**
 * AWS wire errors (DESIGN.md "Three error families"). A `ServiceError` is a modelled error a service throws with the
 * code, status and message text AWS gives. A `FrameworkError` is one of the errors the wire layer itself raises
 * (authentication, routing, parsing, authorization); it names a kind, and the protocol decides the wire code and
 * status, because JSON, Query and EC2 services name the same failure differently (ref aws-iam-and-protocols §3.3,
 * §4.1–4.2, §7).
 */

/** The wire protocols berth speaks; each is one ServerProtocol object (protocol/server-protocols.ts). */
export type Protocol = 'aws-json' | 'aws-query' | 'ec2' | 'rest-xml';
export type Fault = 'client' | 'server';

// Global-symbol brands, so the checks hold across duplicate copies of this module.
const serviceBrand = Symbol.for('berth.aws.service-error');
const frameworkBrand = Symbol.for('berth.aws.framework-error');

/** A modelled AWS error: the code the client sees (for Query, the awsQueryError code), HTTP status and fault. */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: Fault;
  /** Members a protocol writes beside Code and Message (S3's `<BucketName>`, `<Key>`); others ignore them. */
  readonly details: Readonly<Record<string, string>> | undefined;
  readonly [serviceBrand] = true;

  constructor(
    code: string,
    message: string,
    options: { status?: number; fault?: Fault; details?: Readonly<Record<string, string>> } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.status = options.status ?? 400;
    this.fault = options.fault ?? (this.status >= 500 ? 'server' : 'client');
    this.details = options.details;
  }
}

interface WireName {
  readonly code: string;
  readonly status: number;
  /** AWS's text when the raiser gives none; '' means AWS sends no message member. */
  readonly message: string;
}

/** One framework error: its fault, and its name in each protocol (a column per protocol, so none is forgotten). */
interface FrameworkErrorEntry {
  readonly fault: Fault;
  readonly json: WireName;
  readonly query: WireName;
  readonly ec2: WireName;
  /** S3's REST-XML names: S3 documents them in its error-code table (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
  readonly s3: WireName;
}

const tokenInvalid = 'The security token included in the request is invalid.';
const tokenExpired = 'The security token included in the request is expired';
const mismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access ' +
  'Key and signing method. Consult the service documentation for details.';
// S3's texts (ErrorResponses.html; the mismatch text as S3 sends it, observed in aws/aws-sdk-js-v3 issues).
const s3Mismatch =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const s3MalformedXml =
  'The XML you provided was not well-formed or did not validate against our published schema';
const internal = 'The request processing has failed because of an unknown error, exception or failure.';
// EC2 answers every credential failure with AuthFailure 401 and this text [obs: aws/aws-sdk-java-v2#2981,
// ansible/ansible#5647, hashicorp/terraform#17273 "status code: 401"].
const ec2AuthFailure = {
  code: 'AuthFailure',
  status: 401,
  message: 'AWS was not able to validate the provided access credentials',
} as const;

/**
 * Each framework error once, with its name per protocol. JSON services answer client errors with 400
 * (ref aws-iam-and-protocols §4.1); Query statuses follow §3.3 and AWS's Common Errors pages (403 for authentication failures,
 * MalformedQueryString 404, InvalidAction/MissingAction 400). EC2 names come from its "Error codes for the Amazon
 * EC2 API" page (common client errors; server error InternalError) and observed bodies; statuses not given there
 * follow Query's [inf].
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
    // [doc: EC2 "Error codes", MissingAuthenticationToken: "The request must contain valid credentials."]
    ec2: {
      code: 'MissingAuthenticationToken',
      status: 401,
      message: 'The request must contain valid credentials.',
    },
    s3: { code: 'AccessDenied', status: 403, message: 'Access Denied' },
  },
  incompleteSignature: {
    fault: 'client',
    json: { code: 'IncompleteSignatureException', status: 400, message: '' },
    query: { code: 'IncompleteSignature', status: 400, message: '' },
    ec2: { code: 'IncompleteSignature', status: 400, message: '' },
    s3: {
      code: 'AuthorizationHeaderMalformed',
      status: 400,
      message: 'The authorization header is malformed.',
    },
  },
  signatureDoesNotMatch: {
    fault: 'client',
    json: { code: 'InvalidSignatureException', status: 400, message: mismatch },
    query: { code: 'SignatureDoesNotMatch', status: 403, message: mismatch },
    ec2: ec2AuthFailure,
    s3: { code: 'SignatureDoesNotMatch', status: 403, message: s3Mismatch },
  },
  unrecognizedClient: {
    fault: 'client',
    json: { code: 'UnrecognizedClientException', status: 400, message: tokenInvalid },
    query: { code: 'InvalidClientTokenId', status: 403, message: tokenInvalid },
    ec2: ec2AuthFailure,
    s3: {
      code: 'InvalidAccessKeyId',
      status: 403,
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    },
  },
  expiredToken: {
    fault: 'client',
    json: { code: 'ExpiredTokenException', status: 400, message: tokenExpired },
    query: { code: 'ExpiredToken', status: 403, message: tokenExpired },
    // [obs: aws/aws-sdk-go-v2#1674 "StatusCode: 400 … api error RequestExpired: Request has expired."]
    ec2: { code: 'RequestExpired', status: 400, message: 'Request has expired.' },
    s3: { code: 'ExpiredToken', status: 400, message: 'The provided token has expired.' },
  },
  unknownOperation: {
    fault: 'client',
    json: { code: 'UnknownOperationException', status: 400, message: '' },
    query: { code: 'InvalidAction', status: 400, message: '' },
    ec2: { code: 'InvalidAction', status: 400, message: '' },
    s3: {
      code: 'MethodNotAllowed',
      status: 405,
      message: 'The specified method is not allowed against this resource.',
    },
  },
  missingAction: {
    fault: 'client',
    json: { code: 'UnknownOperationException', status: 400, message: '' },
    query: {
      code: 'MissingAction',
      status: 400,
      message: 'The request is missing an action or a required parameter.',
    },
    ec2: {
      code: 'MissingAction',
      status: 400,
      message: 'The request is missing an action or a required parameter.',
    },
    s3: {
      code: 'MethodNotAllowed',
      status: 405,
      message: 'The specified method is not allowed against this resource.',
    },
  },
  malformedQueryString: {
    fault: 'client',
    json: { code: 'MalformedQueryString', status: 404, message: '' },
    query: { code: 'MalformedQueryString', status: 404, message: '' },
    ec2: { code: 'MalformedQueryString', status: 404, message: '' },
    s3: { code: 'InvalidArgument', status: 400, message: '' },
  },
  serialization: {
    fault: 'client',
    json: { code: 'SerializationException', status: 400, message: '' },
    query: { code: 'InvalidQueryParameter', status: 400, message: '' },
    ec2: { code: 'InvalidQueryParameter', status: 400, message: '' },
    s3: { code: 'MalformedXML', status: 400, message: s3MalformedXml },
  },
  validation: {
    fault: 'client',
    json: { code: 'ValidationException', status: 400, message: '' },
    query: { code: 'ValidationError', status: 400, message: '' },
    ec2: { code: 'InvalidParameterValue', status: 400, message: '' },
    s3: { code: 'InvalidArgument', status: 400, message: '' },
  },
  accessDenied: {
    fault: 'client',
    json: { code: 'AccessDeniedException', status: 400, message: '' },
    query: { code: 'AccessDenied', status: 403, message: '' },
    // [doc: EC2 API "Troubleshooting API request errors", Client.UnauthorizedOperation; status inf]
    ec2: {
      code: 'UnauthorizedOperation',
      status: 403,
      message: 'You are not authorized to perform this operation.',
    },
    s3: { code: 'AccessDenied', status: 403, message: 'Access Denied' },
  },
  internalFailure: {
    fault: 'server',
    json: { code: 'InternalFailure', status: 500, message: internal },
    query: { code: 'InternalFailure', status: 500, message: internal },
    ec2: { code: 'InternalError', status: 500, message: 'An internal error has occurred' },
    s3: {
      code: 'InternalError',
      status: 500,
      message: 'We encountered an internal error. Please try again.',
    },
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
  /** A ServiceError's extra members (S3 error bodies). */
  readonly details?: Readonly<Record<string, string>>;
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

/** Which column of `frameworkErrors` names a protocol's framework errors. */
const namesOf = {
  'aws-json': 'json',
  'aws-query': 'query',
  ec2: 'ec2',
  'rest-xml': 's3',
} as const satisfies Record<Protocol, keyof FrameworkErrorEntry>;

/** Any thrown value as the protocol renders it; anything unknown becomes InternalFailure (never its message). */
export function toWireError(error: unknown, protocol: Protocol): WireError {
  if (isServiceError(error)) {
    return {
      code: error.code,
      status: error.status,
      fault: error.fault,
      message: error.message,
      framework: false,
      ...(error.details ? { details: error.details } : {}),
    };
  }
  const framework = isFrameworkError(error) ? error : new FrameworkError('internalFailure');
  const entry: FrameworkErrorEntry = frameworkErrors[framework.kind];
  const name = entry[namesOf[protocol]];
  return {
    code: name.code,
    status: name.status,
    fault: entry.fault,
    message: framework.awsMessage ?? name.message,
    framework: true,
  };
}
