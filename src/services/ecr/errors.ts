/**
 * ECR's modelled exceptions with the messages ECR gives (ref ecr §1.4; the format column, observed unless marked).
 * Texts marked [UNCONFIRMED] follow the only form seen (moto's), as the reference notes.
 */
import { ServiceError } from '../../aws/index.js';

const inRegistry = (registryId: string) => `in the registry with id '${registryId}'`;

export const ecrErrors = {
  repositoryNotFound: (name: string, registryId: string) =>
    new ServiceError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist ${inRegistry(registryId)}`,
    ),
  repositoryAlreadyExists: (name: string, registryId: string) =>
    new ServiceError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists ${inRegistry(registryId)}`,
    ),
  repositoryNotEmpty: (name: string, registryId: string) =>
    new ServiceError(
      'RepositoryNotEmptyException',
      `The repository with name '${name}' in registry with id '${registryId}' cannot be deleted because it still contains images`,
    ),
  // [UNCONFIRMED] moto's wording (ref ecr §1.4).
  policyNotFound: (name: string, registryId: string) =>
    new ServiceError(
      'RepositoryPolicyNotFoundException',
      `Repository policy does not exist for the repository with name '${name}' ${inRegistry(registryId)}`,
    ),
  /** The registry's wording (ref ecr §2.4, §5); the API's is assumed identical [INF, ref ecr §1.4]. */
  tagAlreadyExists: (tag: string, name: string) =>
    new ServiceError('ImageTagAlreadyExistsException', immutableTagMessage(tag, name)),
  imageAlreadyExists: (digest: string, tag: string, name: string, registryId: string) =>
    new ServiceError(
      'ImageAlreadyExistsException',
      `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${name}' in registry with id '${registryId}'`,
    ),
  // [UNCONFIRMED] moto's wording (ref ecr §1.3 DescribeImages).
  imageNotFound: (imageId: string, name: string, registryId: string) =>
    new ServiceError(
      'ImageNotFoundException',
      `The image with imageId ${imageId} does not exist within the repository with name '${name}' ${inRegistry(registryId)}`,
    ),
  imageDigestMismatch: () =>
    new ServiceError(
      'ImageDigestDoesNotMatchException',
      'The specified image digest does not match the digest that Amazon ECR calculated for the image.',
    ),
  layersNotFound: (message: string) => new ServiceError('LayersNotFoundException', message),
  invalidParameter: (message: string) => new ServiceError('InvalidParameterException', message),
  /** `Invalid parameter at '<field>' failed to satisfy constraint: '<rule>'` (ref ecr §1.4). */
  invalidAt: (field: string, rule: string) =>
    new ServiceError(
      'InvalidParameterException',
      `Invalid parameter at '${field}' failed to satisfy constraint: '${rule}'`,
    ),
  uploadNotFound: (uploadId: string) =>
    new ServiceError('UploadNotFoundException', `Upload with id '${uploadId}' does not exist`),
  invalidLayerPart: (message: string) => new ServiceError('InvalidLayerPartException', message),
  invalidLayer: (message: string) => new ServiceError('InvalidLayerException', message),
  emptyUpload: (uploadId: string) =>
    new ServiceError(
      'EmptyUploadException',
      `The upload with id '${uploadId}' does not contain any layer parts`,
    ),
  layerAlreadyExists: (digest: string, name: string, registryId: string) =>
    new ServiceError(
      'LayerAlreadyExistsException',
      `The layer '${digest}' already exists in the repository with name '${name}' ${inRegistry(registryId)}`,
    ),
  layerInaccessible: () =>
    new ServiceError(
      'LayerInaccessibleException',
      'The specified layer is not available because it is not associated with an image. Unassociated image layers may be cleaned up at any time.',
    ),
  // Pull-through cache (ref ecr §1.3): texts of the model's exception docs, which ECR returns as messages [INF].
  ruleAlreadyExists: () =>
    new ServiceError(
      'PullThroughCacheRuleAlreadyExistsException',
      'A pull through cache rule with these settings already exists for the private registry.',
    ),
  ruleNotFound: () =>
    new ServiceError(
      'PullThroughCacheRuleNotFoundException',
      'The pull through cache rule was not found. Specify a valid pull through cache rule and try again.',
    ),
  unsupportedUpstream: () =>
    new ServiceError(
      'UnsupportedUpstreamRegistryException',
      "The specified upstream registry isn't supported.",
    ),
  secretNotFound: () =>
    new ServiceError(
      'SecretNotFoundException',
      'The ARN of the secret specified in the pull through cache rule was not found. Update the pull through cache rule with a valid secret ARN and try again.',
    ),
  unableToAccessSecret: () =>
    new ServiceError(
      'UnableToAccessSecretException',
      'The secret is unable to be accessed. Verify the resource permissions for the secret and try again.',
    ),
  // "permisisons" (sic): the model's text (ref ecr §1.3).
  unableToDecryptSecret: () =>
    new ServiceError(
      'UnableToDecryptSecretValueException',
      'The secret is accessible but is unable to be decrypted. Verify the resource permisisons and try again.',
    ),
  limitExceeded: (message: string) => new ServiceError('LimitExceededException', message),
  tooManyTags: () =>
    new ServiceError(
      'TooManyTagsException',
      'The list of tags on the repository is over the limit. The maximum number of tags that can be applied to a repository is 50.',
    ),
};

/** ECR's immutable-tag text, registry and API alike (OBS aws/containers-roadmap#862, ref ecr §2.4). */
export function immutableTagMessage(tag: string, name: string): string {
  return `The image tag '${tag}' already exists in the '${name}' repository and cannot be overwritten because the repository is immutable.`;
}
