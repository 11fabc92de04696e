import { FrameworkError, ServiceError, translateCodes } from '../../aws/index.js';

/**
 * KMS's modelled errors with the texts AWS gives (ref aws-iam-and-protocols §4.4, §1.12). All are client errors, HTTP 400 on the
 * JSON endpoint (ref aws-iam-and-protocols §4.1: the legacy 404/409 of the model are not what the endpoint sends). The message
 * member is `message` (the service definition says so). Texts marked "unverified" follow emulators that snapshot
 * AWS (localstack/localstack services/kms/provider.py) where no AWS response was found.
 */
export const kmsErrors = {
  keyNotFound: (keyArn: string) => new ServiceError('NotFoundException', `Key '${keyArn}' does not exist`),
  aliasNotFound: (aliasArn: string) =>
    new ServiceError('NotFoundException', `Alias ${aliasArn} is not found.`),
  /** A KeyId that is neither a key id (UUID), a key ARN, an alias name nor an alias ARN (localstack text). */
  invalidKeyId: (text: string) => new ServiceError('NotFoundException', `Invalid keyId '${text}'`),
  /** A key ARN of another region (localstack text, unverified). */
  invalidArnRegion: (region: string) => new ServiceError('NotFoundException', `Invalid arn ${region}`),
  aliasesNotSupported: () =>
    new ServiceError('InvalidArnException', 'Key Aliases are not supported for this operation'),
  disabled: (keyArn: string) => new ServiceError('DisabledException', `${keyArn} is disabled.`),
  pendingDeletion: (keyArn: string) =>
    new ServiceError('KMSInvalidStateException', `${keyArn} is pending deletion.`),
  /** CancelKeyDeletion of a key that is not pending deletion (unverified wording). */
  notPendingDeletion: (keyArn: string) =>
    new ServiceError('KMSInvalidStateException', `${keyArn} is not pending deletion.`),
  /** AWS sends InvalidCiphertextException without a message, whatever the cause. */
  invalidCiphertext: () => new ServiceError('InvalidCiphertextException', ''),
  incorrectKey: () =>
    new ServiceError(
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    ),
  aliasExists: (aliasArn: string) =>
    new ServiceError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`),
  aliasPrefix: () =>
    new FrameworkError(
      'validation',
      'Alias must start with the prefix "alias/". Please see ' +
        'https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    ),
  /** `alias/aws/…` names belong to AWS managed keys (local-kms and AWS both refuse them; no message). */
  reservedAlias: () => new ServiceError('NotAuthorizedException', ''),
  malformedPolicy: (message: string) => new ServiceError('MalformedPolicyDocumentException', message),
  lockout: () =>
    new ServiceError(
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    ),
  policyTooLarge: () =>
    new ServiceError('LimitExceededException', 'The key policy exceeds the maximum size of 32768 bytes.'),
  noSuchPolicy: () => new ServiceError('NotFoundException', 'No such policy exists'),
  dataKeySize: () => new FrameworkError('validation', 'Please specify either number of bytes or key spec.'),
  pendingWindow: (days: number) =>
    new FrameworkError('validation', `PendingWindowInDays should be between 7 and 30, but it is ${days}`),
  /** The deliberate Decrypt denial: it does not say whether the key exists (ref aws-iam-and-protocols §1.12). */
  decryptDenied: () =>
    new FrameworkError(
      'accessDenied',
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or ' +
        'you are not allowed to access.',
    ),
  unsupportedKey: () =>
    new ServiceError(
      'UnsupportedOperationException',
      'berth supports symmetric encryption keys only (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT, ' +
        'Origin AWS_KMS, single-Region).',
    ),
  /** An asymmetric EncryptionAlgorithm with a symmetric key (berth has no other kind; unverified wording). */
  invalidKeyUsage: (algorithm: string) =>
    new ServiceError(
      'InvalidKeyUsageException',
      `The encryption algorithm ${algorithm} is not valid for a SYMMETRIC_DEFAULT key.`,
    ),
  reservedTag: () => new ServiceError('TagException', 'Tags beginning with aws: are reserved'),
  /** A ListKeys/ListAliases Marker berth did not hand out. */
  invalidMarker: () => new ServiceError('InvalidMarkerException', 'Invalid marker'),
  dryRun: () =>
    new ServiceError(
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
    ),
  awsManagedKey: (keyArn: string) =>
    new ServiceError(
      'UnsupportedOperationException',
      `${keyArn} is an AWS managed key; its key policy cannot be changed.`,
    ),
  /**
   * Enable/DisableKeyRotation of an AWS managed key: "You cannot enable or disable automatic rotation of AWS managed
   * KMS keys" (EnableKeyRotation API reference). Its key policy denies the caller first; this is the backstop if it
   * ever did not. Unverified wording.
   */
  awsManagedRotation: (keyArn: string) =>
    new ServiceError(
      'UnsupportedOperationException',
      `${keyArn} is an AWS managed key; its automatic rotation cannot be changed.`,
    ),
  /** TagResource past 50 tags on a key (KMS quotas: 50 tags per key; TagResource lists LimitExceededException). Unverified wording. */
  tooManyTags: () => new ServiceError('LimitExceededException', 'A KMS key can have at most 50 tags.'),
};

/** The shared engines' errors as this service names them (its ServiceDefinition.translateError). */
export const kmsEngineErrors = translateCodes({ BERTH_MALFORMED_POLICY: kmsErrors.malformedPolicy });
