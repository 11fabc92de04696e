import { FrameworkError, ServiceError, translateCodes } from '../../aws/index.js';

/** STS's modelled errors with the Query codes and texts AWS sends (ref aws-iam-and-protocols §4.6). */
export const stsErrors = {
  malformedPolicy: (message: string) => new ServiceError('MalformedPolicyDocument', message, { status: 400 }),
  /** Observed text: "Packed policy consumes 157% of allotted space, please use smaller policy." */
  packedPolicyTooLarge: (percent: number) =>
    new ServiceError(
      'PackedPolicyTooLarge',
      `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
      { status: 400 },
    ),
  exceedsMaxSessionDuration: () =>
    new ServiceError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      {
        status: 400,
      },
    ),
  exceedsChainingLimit: () =>
    new ServiceError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      { status: 400 },
    ),
  /**
   * A role that does not exist is refused like one whose trust policy does not allow the caller, so that callers
   * cannot probe for role names (observed: "User: … is not authorized to perform: sts:AssumeRole on resource: …").
   */
  cannotAssume: (caller: string, roleArn: string) =>
    new FrameworkError(
      'accessDenied',
      `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    ),
  // The text for an unknown or unusable PolicyArns entry is not documented; IAM's wording for the same case is used.
  noSuchPolicy: (arn: string) =>
    new ServiceError('ValidationError', `Policy ${arn} does not exist or is not attachable.`, {
      status: 400,
    }),
} as const;

/** The shared engines' errors as this service names them (its ServiceDefinition.translateError). */
export const stsEngineErrors = translateCodes({ BERTH_MALFORMED_POLICY: stsErrors.malformedPolicy });
