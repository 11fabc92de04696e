import type { ContainerDefinition, ExecutionCredentials } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { AwsCallError, AwsTransportError, type ParametersReader, type SecretsReader } from '../task/ports.js';
import {
  ContainerSecretError,
  parseAsmSecretRef,
  secretProvider,
  secretValueFor,
} from './container-secret-ref.js';
import type { ResourceFailure, ResourceResult } from './resource-failure.js';
import { fetchSsmSecrets, type SsmOutcomes } from './ssm-secrets.js';

/** The clients the secrets resources read with, as the execution role. */
export interface SecretReaders {
  readonly secrets: SecretsReader;
  readonly parameters: ParametersReader;
}

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
 * at once (a client per region in the agent) — Secrets Manager's one by one, Parameter Store's in batches
 * (ssm-secrets.ts) — and every failure kept, in definition order (a failed batch once), for the joined reason.
 */
export async function fetchContainerSecrets(
  needs: readonly SecretNeed[],
  readers: SecretReaders,
  credentials: ExecutionCredentials | undefined,
  taskRegion: string,
): Promise<ResourceResult<FetchedSecret[]>> {
  if (needs.length === 0) return { ok: true, value: [] };
  if (credentials === undefined) {
    return { ok: false, failures: [{ kind: 'no-execution-credentials', resource: 'asm-secret' }] };
  }
  const fromSsm = needs.filter((need) => secretProvider(need.valueFrom) === 'ssm').map((n) => n.valueFrom);
  const [ssm, asm] = await Promise.all([
    fetchSsmSecrets(fromSsm, readers.parameters, credentials, taskRegion),
    Promise.all(
      needs.map((need) =>
        secretProvider(need.valueFrom) === 'ssm'
          ? undefined
          : fetchOne(need, readers.secrets, credentials, taskRegion),
      ),
    ),
  ]);
  const outcomes = needs.map((need, i) => asm[i] ?? fromParameterStore(need, ssm));
  const failures = [
    ...new Set(
      outcomes.filter((o): o is { failure: ResourceFailure } => 'failure' in o).map((o) => o.failure),
    ),
  ];
  if (failures.length > 0) return { ok: false, failures };
  return { ok: true, value: outcomes.map((o) => (o as { value: FetchedSecret }).value) };
}

function fromParameterStore(
  need: SecretNeed,
  outcomes: SsmOutcomes,
): { value: FetchedSecret } | { failure: ResourceFailure } {
  const outcome = outcomes.get(need.valueFrom)!;
  return 'failure' in outcome ? outcome : { value: { ...need, value: outcome.value } };
}

async function fetchOne(
  need: SecretNeed,
  reader: SecretsReader,
  credentials: ExecutionCredentials,
  taskRegion: string,
): Promise<{ value: FetchedSecret } | { failure: ResourceFailure }> {
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
