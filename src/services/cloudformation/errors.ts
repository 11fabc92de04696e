import { ServiceError, translateCodes } from '../../aws/index.js';

const client = (code: string, message: string, status = 400) => new ServiceError(code, message, { status });

/**
 * CloudFormation's errors: the awsQueryError codes of botocore's model and the texts of ref cloudformation-cdk §1.7,
 * §4.1, §4.2, §4.4. Texts marked [INF] were not observed; their wording follows the observed texts of the family.
 */
export const cfnErrors = {
  validation: (message: string) => client('ValidationError', message),
  /**
   * A TemplateURL whose object S3 would not give (AccessDenied, NoSuchKey, …): CloudFormation answers a
   * ValidationError quoting S3's message. The wording is as users quote it [INF: no AWS page states it].
   */
  templateUnreadable: (s3Message: string) =>
    client(
      'ValidationError',
      `S3 error: ${s3Message}\nFor more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html`,
    ),
  // Exactly as sent: CDK and the AWS CLI match this text to learn that a stack does not exist (§1.7).
  stackNotFound: (nameOrId: string) => client('ValidationError', `Stack with id ${nameOrId} does not exist`),
  // DescribeStackEvents and the change-set operations word it with brackets (§1.7).
  stackNotFoundBracketed: (nameOrId: string) =>
    client('ValidationError', `Stack [${nameOrId}] does not exist`),
  alreadyExists: (name: string) => client('AlreadyExistsException', `Stack [${name}] already exists`),
  changeSetNotFound: (name: string) => client('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, 404),
  changeSetExists: (name: string) => client('AlreadyExistsException', `ChangeSet [${name}] already exists`),
  invalidChangeSetStatus: (arn: string, status: string) =>
    client(
      'InvalidChangeSetStatus',
      `ChangeSet [${arn}] cannot be executed in its current status of [${status}]`,
    ),
  insufficientCapabilities: (missing: readonly string[]) =>
    client('InsufficientCapabilitiesException', `Requires capabilities : [${missing.join(', ')}]`),
  // The UpdateStack no-op text; CDK compares `err.message ===` (§1.5).
  noUpdates: () => client('ValidationError', 'No updates are to be performed.'),
  // [INF] AWS's text for an operation on a stack that is busy or in a state that refuses it.
  badState: (stackId: string, status: string, verb: string) =>
    client('ValidationError', `Stack:${stackId} is in ${status} state and can not be ${verb}.`),
  terminationProtection: (name: string) =>
    client('ValidationError', `Stack [${name}] cannot be deleted while TerminationProtection is enabled`),
  // [OBS] the text AWS answers when CloudFormation cannot assume the stack's role.
  roleNotAssumable: (roleArn: string) =>
    client('ValidationError', `Role ${roleArn} is invalid or cannot be assumed`),
  templateUrl: () => client('ValidationError', 'TemplateURL must be a supported URL.'),
  oneTemplate: () =>
    client('ValidationError', 'Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.'),
} as const;

/** The engine's refusals (BERTH_TEMPLATE_REJECTED carries CloudFormation's own text) as ValidationError. */
export const cfnEngineErrors = translateCodes({
  BERTH_TEMPLATE_REJECTED: (message) => cfnErrors.validation(message),
});
