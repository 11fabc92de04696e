/**
 * ECR images, pulled as the ECS agent pulls them (ref ecs-private-auth §4, ref ecr §3): an image whose host is an ECR
 * registry (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag|@digest>`) is pulled with a token from
 * GetAuthorizationToken, asked as the execution role — never with repositoryCredentials, which ECS refuses for ECR
 * images at registration. The token names the registry that serves it (`proxyEndpoint`): berth's ECR serves every
 * ECR registry at `<host>/<account>.dkr.ecr.<region>/<repo>` (engines/ecr), so the reference is pulled from there,
 * while every text the task shows names the image as the task definition wrote it.
 */
import { ecrNamespace } from '../../engines/ecr/index.js';
import { ecrRegistryOf, type LaunchType } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { collapseWhitespace, messages } from '../messages.js';
import { ImagePullError } from '../pull/index.js';
import { AwsCallError, AwsTransportError, type EcrAuthReader, type ImageSource } from './ports.js';

const { awsSdk, fargateResource, task } = messages;

export function withEcrAuth(images: ImageSource, ecr: EcrAuthReader): ImageSource {
  return {
    async pull(request) {
      const registry = ecrRegistryOf(request.reference);
      const { executionCredentials: credentials, region } = request;
      if (!registry || request.credentials || !credentials || region === undefined)
        return images.pull(request);
      let authorization: Awaited<ReturnType<EcrAuthReader['getAuthorizationToken']>>;
      try {
        authorization = await ecr.getAuthorizationToken({
          region: registry.region,
          registryId: registry.registryId,
          credentials,
        });
      } catch (error) {
        if (!(error instanceof AwsCallError) && !(error instanceof AwsTransportError)) throw error;
        throw new ImagePullError(tokenFailure(error, request.launchType), error);
      }
      // The agent splits the decoded token on its first `:` (ref ecs-private-auth §4: extractToken).
      const decoded = Buffer.from(authorization.authorizationToken.reveal(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const served = `${new URL(authorization.proxyEndpoint).host}/${ecrNamespace(registry.registryId, registry.region)}`;
      const reference = served + request.reference.slice(registry.host.length);
      try {
        return await images.pull({
          ...request,
          reference,
          credentials: {
            username: new Secret(decoded.slice(0, colon)),
            password: new Secret(decoded.slice(colon + 1)),
          },
        });
      } catch (error) {
        if (!(error instanceof ImagePullError)) throw error;
        throw new ImagePullError(error.reason.split(served).join(registry.host), error);
      }
    },
  };
}

/**
 * The token call failed: Fargate wraps the SDK v1 error as an execution resource (ref ecr §3.4, ref ecs-private-auth
 * §3.3), EC2's agent reports CannotPullECRContainerError with the SDK v2 error (ref ecs-private-auth §3.4).
 */
function tokenFailure(error: AwsCallError | AwsTransportError, launchType: LaunchType): string {
  if (launchType === 'FARGATE') {
    const detail =
      error instanceof AwsCallError
        ? awsSdk.v1Error(error.code, error.message, error.statusCode, error.requestId)
        : fargateResource.checkNetwork(awsSdk.v1RequestError(error.url, error.detail));
    return collapseWhitespace(fargateResource.ecrAuthFailed(error.attempts, detail));
  }
  const sdkError =
    error instanceof AwsCallError
      ? awsSdk.v2ResponseError(
          'ECR',
          'GetAuthorizationToken',
          error.statusCode,
          error.requestId,
          awsSdk.v2ApiError(error.code, error.message, false),
        )
      : awsSdk.v2SendError('ECR', 'GetAuthorizationToken', error.attempts, error.url, error.detail);
  return task.cannotPullEcrContainer(sdkError);
}
