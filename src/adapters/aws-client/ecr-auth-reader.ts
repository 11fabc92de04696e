/**
 * The agent's ECR client (agent/task/ports.ts EcrAuthReader) on the AWS SDK v3, as the ECS agent's (ref
 * ecs-private-auth §4, ref ecr §3.2): GetAuthorizationToken with `registryIds: [registryId]` in the registry's region,
 * the execution role's static credentials, the standard retryer, a 5 s round trip; exactly one authorizationData.
 */
import { ECRClient, ECRServiceException, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import type {
  EcrAuthorization,
  EcrAuthReader,
  GetAuthorizationTokenRequest,
} from '../../agent/task/ports.js';
import { Secret } from '../../errors/index.js';
import { agentClientConfig, endpointUrl, toAgentError } from './agent-errors.js';

export interface EcrAuthReaderOptions {
  /** berth's endpoint (`http://127.0.0.1:PORT`); omitted: AWS's regional endpoint. */
  readonly endpoint?: string;
}

export function createEcrAuthReader(options: EcrAuthReaderOptions = {}): EcrAuthReader {
  return {
    async getAuthorizationToken(request: GetAuthorizationTokenRequest): Promise<EcrAuthorization> {
      const client = new ECRClient(agentClientConfig(options, request.region, request.credentials));
      try {
        const output = await client.send(
          new GetAuthorizationTokenCommand({ registryIds: [request.registryId] }),
        );
        const [data] = output.authorizationData ?? [];
        if (!data?.authorizationToken || !data.proxyEndpoint) {
          throw new Error(`ecr auth: missing AuthorizationData in ECR response for ${request.registryId}`);
        }
        return { authorizationToken: new Secret(data.authorizationToken), proxyEndpoint: data.proxyEndpoint };
      } catch (error) {
        throw toAgentError(
          error,
          endpointUrl(options.endpoint, 'api.ecr', request.region),
          (e) => e instanceof ECRServiceException,
        );
      } finally {
        client.destroy();
      }
    },
  };
}
