/**
 * What ECS will show for each broken link, in Fargate's words (ref ecs-private-auth §3.3; ref
 * peers-and-misconfigurations §C for the rows). Register-time texts come from engines/ecs's catalogue; the task's
 * stoppedReasons wrap the agent's and the SDK's words in Fargate's resource prefix. Request ids and retry counts,
 * which vary, are left out.
 */
import { ecsMessages } from '../ecs/index.js';

const resourcePrefix =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
  'unable to retrieve secret from asm: service call has been retried 1 time(s): ';

function fetchFailed(secretId: string, sdkError: string): string {
  return `${resourcePrefix}failed to fetch secret ${secretId} from secrets manager: ${sdkError}`;
}

export const ecsTexts = {
  noExecutionRole: ecsMessages.privateRegistryNeedsExecutionRole,
  unableToAssumeRole: ecsMessages.unableToAssumeRole,
  credentialsParameterInvalid: ecsMessages.credentialsParameterInvalid,
  credentialsOnEcrImage: ecsMessages.credentialsOnEcrImage,
  /** AWS's AccessDenied text for GetSecretValue (built by engines/iam from the decision). */
  accessDenied: (secretId: string, message: string) =>
    fetchFailed(secretId, `AccessDeniedException: ${message}`),
  /** ref ecs-private-auth §3.3 (GiamPy5/terraform-aws-directus#10). */
  kmsDenied: (secretId: string) =>
    fetchFailed(secretId, 'AccessDeniedException: Access to KMS is not allowed'),
  /** ref peers-and-misconfigurations §C7 (agent asm.go augmentErrMsg). */
  secretNotFound: (secretId: string) =>
    `ResourceInitializationError: The task can't retrieve the secret with ARN '${secretId}' from AWS Secrets Manager. ` +
    'Check whether the secret exists in the specified Region',
  /** ref peers-and-misconfigurations §C15. */
  markedForDeletion: (secretId: string) =>
    fetchFailed(
      secretId,
      "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion.",
    ),
  /** ref ecs-private-auth §1.4 (agent asm.go). */
  emptySecret: `${resourcePrefix}asm fetching authorization data: empty secrets value`,
  invalidSchema: `${resourcePrefix}asm fetching authorization data: unable to unmarshal secret value, invalid schema`,
  emptyField: (field: 'username' | 'password') =>
    `${resourcePrefix}asm fetching ${field}: AuthorizationData is malformed, empty field`,
  /** ref ecs-private-auth §3.3 (aws/containers-roadmap#1658): a private registry pulled without credentials. */
  anonymousToken: (image: string) =>
    `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: ` +
    'failed to authorize: failed to fetch anonymous token',
  /** ref ecs-private-auth §3.3 (Docker Hub's rate limit for anonymous pulls). */
  rateLimited:
    'CannotPullContainerError: … toomanyrequests: You have reached your pull rate limit. You may increase the limit ' +
    'by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
  /** ref peers-and-misconfigurations §C17. */
  untrustedCertificate: (host: string) =>
    `CannotPullContainerError: Error response from daemon: Get https://${host}/v2/: x509: certificate signed by unknown authority`,
  /** ref peers-and-misconfigurations §C11 (containerd's words with the registry's). */
  registryRefused: (image: string, detail: string) =>
    `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: ${detail}`,
  /** ref peers-and-misconfigurations §C13 (newer wording). */
  networkTimeout: (secretId: string) =>
    `${resourcePrefix}failed to fetch secret ${secretId} from secrets manager: RequestCanceled: request context ` +
    'canceled caused by: context deadline exceeded. Please check your task network configuration.',
} as const;
