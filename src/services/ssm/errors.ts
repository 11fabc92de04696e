/**
 * SSM's errors for Parameter Store (modelled errors carry `message`, a few `Message`: the JSON protocol's client
 * reads either). Texts: the API model's documentation where it words the error, observed texts where known, and
 * otherwise marked with where they come from.
 */
import { ServiceError } from '../../aws/index.js';
import type { NameProblem } from './domain/parameter-name.js';

const validation = (message: string) => new ServiceError('ValidationException', message);

/** Name texts shared by emulators that copied AWS's answers (moto, fakecloud) [INF: not in the references]. */
const nameTexts: Record<NameProblem, string> = {
  reserved: 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
  'reserved-path':
    'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
  characters:
    'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
  'not-qualified': 'Parameter name must be a fully qualified name.',
  // The API model's documentation of HierarchyLevelLimitExceededException.
  depth:
    'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.',
};

export const ssmErrors = {
  /**
   * [OBS] ParameterNotFound comes without a message: "An error occurred (ParameterNotFound) when calling the
   * GetParameter operation: " (awslabs/aws-simple-cicd#10), `message: null` in the JS SDK v2
   * (vandium-io/aws-param-store#8, aws/aws-cdk#1621). berth answers every operation so.
   */
  parameterNotFound: () => new ServiceError('ParameterNotFound', ''),
  /** The text the brief and moto give (ref cloudformation-cdk §1.4 lists the code only). */
  alreadyExists: () =>
    new ServiceError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    ),
  /** [INF: moto's and fakecloud's text] */
  versionNotFound: (name: string, version: number | string) =>
    new ServiceError(
      'ParameterVersionNotFound',
      `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
    ),
  name: (problem: NameProblem) =>
    problem === 'depth'
      ? new ServiceError('HierarchyLevelLimitExceededException', nameTexts.depth)
      : validation(nameTexts[problem]),
  /** [INF: moto's text] */
  invalidPath: (path: string) =>
    validation(
      'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". ' +
        'It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following ' +
        'symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, ' +
        `must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_. Invalid parameter name: ${path}`,
    ),
  /** [INF: moto's text] */
  typeRequired: () => validation('A parameter type is required when you create a parameter.'),
  /** [INF: moto's text] */
  tagsWithOverwrite: () =>
    validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    ),
  /** The API model's documentation of HierarchyTypeMismatchException. */
  typeChange: () =>
    new ServiceError(
      'HierarchyTypeMismatchException',
      "Parameter Store doesn't support changing a parameter type in a hierarchy. For example, you can't change a parameter from a String type to a SecureString type. You must create a new, unique parameter.",
    ),
  /** [INF: moto's text] */
  valueTooLong: () =>
    validation(
      'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    ),
  /** [INF: moto's text] */
  dataType: (dataType: string) =>
    validation(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`),
  /** [INF: moto's text] */
  patternMismatch: (pattern: string) =>
    new ServiceError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
    ),
  /** [INF] */
  invalidPattern: () =>
    new ServiceError(
      'InvalidAllowedPatternException',
      'The allowed pattern is not a valid regular expression.',
    ),
  /** The API model's documentation of ParameterMaxVersionLimitExceeded quotes this text. */
  maxVersions: (name: string, version: number) =>
    new ServiceError(
      'ParameterMaxVersionLimitExceeded',
      `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
    ),
  /** [INF: moto's text] */
  labelLimit: () =>
    new ServiceError(
      'ParameterVersionLabelLimitExceeded',
      'A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.',
    ),
  /** [INF: moto's texts; the model gives these errors no message member] */
  invalidResourceType: () => new ServiceError('InvalidResourceType', ''),
  invalidResourceId: () => new ServiceError('InvalidResourceId', ''),
  tooManyTags: () => new ServiceError('TooManyTagsError', ''),
  reservedTagKey: () =>
    validation('1 validation error detected: aws: prefix is reserved for tag keys and cannot be used.'),
  /** [INF] InvalidNextToken's member is `Message`; the text is the model's documentation. */
  invalidNextToken: () => new ServiceError('InvalidNextToken', "The specified token isn't valid."),
  /** [INF: fakecloud's texts] */
  invalidFilterKey: (key: string, valid: readonly string[]) =>
    validation(
      `The following filter key is not valid: ${key}. Valid filter keys include: [${valid.join(', ')}].`,
    ),
  invalidFilterOption: (option: string, valid: readonly string[]) =>
    validation(
      `The following filter option is not valid: ${option}. Valid options include: [${valid.join(', ')}].`,
    ),
  invalidFilterValue: (value: string, valid: readonly string[]) =>
    validation(
      `The following filter value is not valid: ${value}. Valid values include: [${valid.join(', ')}]`,
    ),
  missingFilterValues: (key: string) =>
    validation(`The following filter values are missing : null for filter key ${key}`),
  duplicateFilter: (key: string) =>
    validation(
      `The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`,
    ),
  /**
   * KMS refused or failed as the caller: SSM passes KMS's error on in the Java SDK's words, [OBS] "An error occurred
   * (AccessDeniedException) when calling the GetParameter operation: The ciphertext refers to a customer master key
   * that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status
   * Code: 400; Error Code: AccessDeniedException; Request ID: 5f642215-…)" (tryolabs/aws-workshop#6,
   * Droplr/aws-env#29). Denials keep AccessDeniedException; a key that cannot be used is InvalidKeyId, the error
   * PutParameter and GetParameter model for it [INF].
   */
  kms: (code: string, message: string, requestId: string) =>
    new ServiceError(
      code === 'AccessDeniedException' ? 'AccessDeniedException' : 'InvalidKeyId',
      `${message} (Service: AWSKMS; Status Code: 400; Error Code: ${code}; Request ID: ${requestId})`,
    ),
};
