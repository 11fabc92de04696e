/**
 * The agent's SSM client (agent/task/ports.ts ParametersReader) on the AWS SDK v3, configured as the Secrets Manager
 * reader is (agentClientConfig): GetParameters with WithDecryption=true, as the ECS agent's `agent/ssm/ssm.go` asks
 * (ref ecs-private-auth §6.6). Values become Secrets at once.
 */
import { GetParametersCommand, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import type { GetParametersRequest, GetParametersResult, ParametersReader } from '../../agent/task/ports.js';
import { Secret } from '../../errors/index.js';
import { type AgentClientOptions, agentClientConfig, endpointUrl, toAgentError } from './agent-errors.js';

export function createSsmParametersReader(options: AgentClientOptions = {}): ParametersReader {
  return {
    async getParameters(request: GetParametersRequest): Promise<GetParametersResult> {
      // One client per call: each task has its own execution-role credentials, and none outlive the call.
      const client = new SSMClient(agentClientConfig(options, request.region, request.credentials));
      try {
        const output = await client.send(
          new GetParametersCommand({ Names: [...request.names], WithDecryption: true }),
        );
        const values = new Map<string, Secret>();
        for (const parameter of output.Parameters ?? []) {
          values.set(parameter.Name ?? '', new Secret(parameter.Value ?? ''));
        }
        return { values, invalidParameters: output.InvalidParameters ?? [] };
      } catch (error) {
        throw toAgentError(
          error,
          endpointUrl(options.endpoint, 'ssm', request.region),
          (e) => e instanceof SSMServiceException,
        );
      } finally {
        client.destroy();
      }
    },
  };
}
