import type { ContainerDefinition, ExecutionCredentials } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { AwsCallError, AwsTransportError, type SecretsReader } from '../task/ports.js';
import {
  ContainerSecretError,
  parseAsmSecretRef,
  secretProvider,
  secretValueFor,
} from './container-secret-ref.js';
import type { ResourceFailure, ResourceResult } from './resource-failure.js';

/** One `secrets` entry (or `logConfiguration.secretOptions` entry) of one container. */
export interface SecretNeed {
  readonly containerName: string;
  readonly name: string;
  readonly valueFrom: string;
  /** `env` values go into the container's environment; `log` ones to the log driver's options (unused by berth). */
  readonly target: 'env' | 'log';
}

/** A fetched secret, held as a Secret until it is written into the container's environment. */
export interface FetchedSecret extends SecretNeed {
  readonly value: Secret;
}

export function secretNeeds(containers: readonly ContainerDefinition[]): SecretNeed[] {
  return containers.flatMap((container) => [
    ...(container.secrets ?? []).map((s) => ({
      ...s,
      containerName: container.name,
      target: 'env' as const,
    })),
    ...(container.logConfiguration?.secretOptions ?? []).map((s) => ({
      ...s,
      containerName: container.name,
      target: 'log' as const,
    })),
  ]);
}

/**
 * The agent's secrets resources (ref ecs-private-auth §6.6): execution credentials checked first, then every secret fetched
 * at once (a client per region in the agent), and every failure kept, in definition order, for the joined reason.
 * Parameter Store references fail: berth has no SSM.
 */
export async function fetchContainerSecrets(
  needs: readonly SecretNeed[],
  reader: SecretsReader,
  credentials: ExecutionCredentials | undefined,
  taskRegion: string,
): Promise<ResourceResult<FetchedSecret[]>> {
  if (needs.length === 0) return { ok: true, value: [] };
  if (credentials === undefined) {
    return { ok: false, failures: [{ kind: 'no-execution-credentials', resource: 'asm-secret' }] };
  }
  const outcomes = await Promise.all(needs.map((need) => fetchOne(need, reader, credentials, taskRegion)));
  const failures = outcomes
    .filter((o): o is { failure: ResourceFailure } => 'failure' in o)
    .map((o) => o.failure);
  if (failures.length > 0) return { ok: false, failures };
  return { ok: true, value: outcomes.map((o) => (o as { value: FetchedSecret }).value) };
}

async function fetchOne(
  need: SecretNeed,
  reader: SecretsReader,
  credentials: ExecutionCredentials,
  taskRegion: string,
): Promise<{ value: FetchedSecret } | { failure: ResourceFailure }> {
  if (secretProvider(need.valueFrom) === 'ssm') {
    return { failure: { kind: 'ssm-unsupported', valueFrom: need.valueFrom } };
  }
  try {
    const ref = parseAsmSecretRef(need.valueFrom);
    let secretString: string | undefined;
    try {
      ({ secretString } = await reader.getSecretValue({
        region: ref.region === '' ? taskRegion : ref.region,
        secretId: ref.secretId,
        ...(ref.versionStage === undefined ? {} : { versionStage: ref.versionStage }),
        ...(ref.versionId === undefined ? {} : { versionId: ref.versionId }),
        credentials,
      }));
    } catch (error) {
      if (error instanceof AwsCallError || error instanceof AwsTransportError) {
        return { failure: { kind: 'call', resource: 'asm-secret', secretId: ref.secretId, error } };
      }
      throw error;
    }
    return { value: { ...need, value: new Secret(secretValueFor(ref, secretString)) } };
  } catch (error) {
    if (!(error instanceof ContainerSecretError)) throw error;
    return { failure: { kind: 'value', resource: 'asm-secret', text: error.text } };
  }
}
