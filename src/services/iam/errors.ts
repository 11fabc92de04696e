import { FrameworkError, ServiceError, translateCodes } from '../../aws/index.js';

/**
 * IAM's modelled errors with the Query codes, statuses and texts AWS sends (ref aws-iam-and-protocols §4.2, §4.5). Texts are the
 * ones observed in real IAM responses (quoted in public issues, see the report of this change); where AWS's text
 * is not known the closest observed form is used and marked.
 */
export const iamErrors = {
  noSuchRole: (name: string) => notFound(`The role with name ${name} cannot be found.`),
  noSuchUser: (name: string) => notFound(`The user with name ${name} cannot be found.`),
  noSuchRolePolicy: (name: string) => notFound(`The role policy with name ${name} cannot be found.`),
  noSuchUserPolicy: (name: string) => notFound(`The user policy with name ${name} cannot be found.`),
  noSuchPolicy: (arn: string) => notFound(`Policy ${arn} was not found.`),
  notAttachable: (arn: string) => notFound(`Policy ${arn} does not exist or is not attachable.`),
  noSuchPolicyVersion: (arn: string, version: string) =>
    notFound(`Policy ${arn} version ${version} does not exist or is not attachable.`),
  noSuchAccessKey: (id: string) => notFound(`The Access Key with id ${id} cannot be found.`),

  roleExists: (name: string) => conflict('EntityAlreadyExists', `Role with name ${name} already exists.`),
  userExists: (name: string) => conflict('EntityAlreadyExists', `User with name ${name} already exists.`),
  policyExists: (name: string) =>
    conflict(
      'EntityAlreadyExists',
      `A policy called ${name} already exists. Duplicate names are not allowed.`,
    ),

  mustDetachPolicies: () =>
    conflict('DeleteConflict', 'Cannot delete entity, must detach all policies first.'),
  mustDeletePolicies: () => conflict('DeleteConflict', 'Cannot delete entity, must delete policies first.'),
  mustDeleteAccessKeys: () =>
    conflict('DeleteConflict', 'Cannot delete entity, must delete access keys first.'),
  policyAttached: () => conflict('DeleteConflict', 'Cannot delete a policy attached to entities.'),
  policyHasVersions: () =>
    conflict(
      'DeleteConflict',
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. " +
        'The default version is deleted with the policy.',
    ),
  defaultVersion: () => conflict('DeleteConflict', 'Cannot delete the default version of a policy.'),

  trustTooLarge: () => conflict('LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048'),
  rolePoliciesTooLarge: (name: string) =>
    conflict('LimitExceeded', `Maximum policy size of 10240 bytes exceeded for role ${name}`),
  userPoliciesTooLarge: (name: string) =>
    conflict('LimitExceeded', `Maximum policy size of 2048 bytes exceeded for user ${name}`),
  managedPolicyTooLarge: () => conflict('LimitExceeded', 'Cannot exceed quota for PolicySize: 6144'),
  tooManyVersions: () =>
    conflict(
      'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    ),
  tooManyAttached: (kind: 'Role' | 'User') =>
    conflict('LimitExceeded', `Cannot exceed quota for PoliciesPer${kind}: 10`),
  // The per-entity tag quota (50, IAM User Guide reference_iam-quotas.md) in IAM's quota wording; exact text unverified.
  tooManyTags: (entity: 'Role' | 'User' | 'Policy') =>
    conflict('LimitExceeded', `Cannot exceed quota for TagsPer${entity}: 50`),
  tooManyAccessKeys: () => conflict('LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2'),

  malformedPolicy: (message: string) => new ServiceError('MalformedPolicyDocument', message, { status: 400 }),
  invalidInput: (message: string) => new ServiceError('InvalidInput', message, { status: 400 }),
  duplicateTagKeys: () =>
    new ServiceError(
      'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      { status: 400 },
    ),
  validation: (message: string) => new ServiceError('ValidationError', message, { status: 400 }),
  // AWS answers changes to AWS managed policies with AccessDenied and these texts (observed for
  // CreatePolicyVersion; the others follow its form).
  outsideAccount: (operation: string) =>
    new FrameworkError(
      'accessDenied',
      {
        DeletePolicy: 'Cannot delete policies outside your own account.',
        CreatePolicyVersion: 'Cannot create versions for policies outside your own account.',
        SetDefaultPolicyVersion: 'Cannot update policies outside your own account.',
        DeletePolicyVersion: 'Cannot delete policy versions for policies outside your own account.',
      }[operation] ?? 'Cannot update policies outside your own account.',
    ),
  nonUserCredentials: () =>
    new ServiceError('ValidationError', 'Must specify userName when calling with non-User credentials', {
      status: 400,
    }),
} as const;

function notFound(message: string): ServiceError {
  return new ServiceError('NoSuchEntity', message, { status: 404 });
}

function conflict(code: string, message: string): ServiceError {
  return new ServiceError(code, message, { status: 409 });
}

/** The shared engines' errors as this service names them (its ServiceDefinition.translateError). */
export const iamEngineErrors = translateCodes({ BERTH_MALFORMED_POLICY: iamErrors.malformedPolicy });
