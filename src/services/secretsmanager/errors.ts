import { FrameworkError, ServiceError, translateCodes } from '../../aws/index.js';

/**
 * Secrets Manager's modelled errors with the texts AWS gives (ref aws-iam-and-protocols §4.3; observed texts from AWS responses
 * recorded in localstack/localstack tests/aws/services/secretsmanager/test_secretsmanager.snapshot.json and in
 * users' logs). All are client errors, HTTP 400, with the `Message` member. Texts marked "unverified" follow moto.
 */
const notFound = "Secrets Manager can't find the specified secret.";

export const secretsErrors = {
  notFound: () => new ServiceError('ResourceNotFoundException', notFound),
  noValueForStage: (stage: string) =>
    new ServiceError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
    ),
  noValueForVersion: (versionId: string) =>
    new ServiceError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
    ),
  markedForDeletion: () =>
    new ServiceError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was marked for deletion.",
    ),
  nameScheduledForDeletion: () =>
    new ServiceError(
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    ),
  exists: (name: string) =>
    new ServiceError(
      'ResourceExistsException',
      `The operation failed because the secret ${name} already exists.`,
    ),
  versionExists: () =>
    new ServiceError(
      'ResourceExistsException',
      "You can't modify an existing version, you can only create a new version.",
    ),
  bothValues: () =>
    new ServiceError(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    ),
  /** PutSecretValue without a value (unverified wording). */
  noValue: () =>
    new ServiceError('InvalidParameterException', 'You must provide either SecretString or SecretBinary.'),
  noToken: () =>
    new ServiceError(
      'InvalidRequestException',
      'You must provide a ClientRequestToken value. We recommend a UUID-type value.',
    ),
  forceWithWindow: () =>
    new ServiceError(
      'InvalidParameterException',
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    ),
  /** Unverified wording (moto). */
  recoveryWindow: () =>
    new ServiceError(
      'InvalidParameterException',
      'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
    ),
  stageMismatch: () =>
    new ServiceError(
      'InvalidRequestException',
      'You provided a VersionStage that is not associated to the provided VersionId.',
    ),
  removeFromRequired: (stage: string, holder: string) =>
    new ServiceError(
      'InvalidParameterException',
      `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to ` +
        `version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
    ),
  /** Unverified wording (moto). */
  notAVersion: (versionId: string) =>
    new ServiceError('InvalidParameterException', `Not a valid version: ${versionId}`),
  /** Unverified wording (moto). */
  stageNotOnVersion: (stage: string, versionId: string) =>
    new ServiceError('InvalidParameterException', `Version stage ${stage} not found in version ${versionId}`),
  /** Unverified wording: a secret always keeps AWSCURRENT on some version. */
  currentMustMove: () =>
    new ServiceError(
      'InvalidParameterException',
      'You can only remove the staging label AWSCURRENT by moving it to another version with MoveToVersionId.',
    ),
  /** Unverified wording. */
  stageTargetMissing: () =>
    new ServiceError('InvalidParameterException', 'You must specify MoveToVersionId or RemoveFromVersionId.'),
  invalidName: () =>
    new FrameworkError(
      'validation',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    ),
  invalidNextToken: () => new ServiceError('InvalidNextTokenException', 'The NextToken value is invalid.'),
  malformedPolicy: (message: string) => new ServiceError('MalformedPolicyDocumentException', message),
  /** What Secrets Manager answers when KMS denies the caller (ref aws-iam-and-protocols §1.12; peers §C4, §C5). */
  kmsDenied: () => new ServiceError('AccessDeniedException', 'Access to KMS is not allowed'),
  /** KMS refused for another reason (key disabled, pending deletion, missing): the model's documented texts. */
  decryptionFailure: () =>
    new ServiceError(
      'DecryptionFailure',
      "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
    ),
  encryptionFailure: () =>
    new ServiceError(
      'EncryptionFailure',
      "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS " +
        'key is available, enabled, and not in an invalid state.',
    ),
  noReplication: () =>
    new ServiceError('InvalidRequestException', 'berth does not replicate secrets to other Regions.'),
};

/** The shared engines' errors as this service names them (its ServiceDefinition.translateError). */
export const secretsEngineErrors = translateCodes({ BERTH_MALFORMED_POLICY: secretsErrors.malformedPolicy });
