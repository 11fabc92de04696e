import type { ContainerDefinition, ExecutionCredentials } from '../../engines/ecs/index.js';
import { AwsCallError, AwsTransportError, type SecretsReader } from '../task/ports.js';
import {
  parseRegistryAuthSecret,
  type RegistryAuth,
  RegistryAuthSecretError,
} from './registry-auth-secret.js';
import type { ResourceResult } from './resource-failure.js';

/** One secret the `asm-auth` resource must read: ECS's ASMAuthData (ref ecs-private-auth §1.1). */
export interface RegistryAuthNeed {
  readonly credentialsParameter: string;
  /** Chosen by ECS's control plane: the ARN's region, else the task's [INF for the name case]. */
  readonly region: string;
}

/**
 * The distinct credentialsParameters of a task, in container order, deduplicated by the exact string (not by
 * region: the first container's region wins, as the agent's map keyed by secret id does, §1.3).
 */
export function registryAuthNeeds(
  containers: readonly ContainerDefinition[],
  taskRegion: string,
): RegistryAuthNeed[] {
  const needs = new Map<string, RegistryAuthNeed>();
  for (const container of containers) {
    const parameter = container.repositoryCredentials?.credentialsParameter;
    if (parameter === undefined || needs.has(parameter)) continue;
    needs.set(parameter, { credentialsParameter: parameter, region: arnRegion(parameter) ?? taskRegion });
  }
  return [...needs.values()];
}

/**
 * The `asm-auth` resource's Create (ref ecs-private-auth §1.3): GetSecretValue for each need, one after the other, the
 * credentialsParameter passed verbatim as SecretId (no version, no JSON key); the first failure ends it. The
 * result lives only in the caller's memory for the pulls (§1.6): nothing here stores or logs it.
 */
export async function fetchRegistryAuth(
  needs: readonly RegistryAuthNeed[],
  reader: SecretsReader,
  credentials: ExecutionCredentials | undefined,
): Promise<ResourceResult<Map<string, RegistryAuth>>> {
  const found = new Map<string, RegistryAuth>();
  for (const need of needs) {
    if (credentials === undefined) {
      return { ok: false, failures: [{ kind: 'no-execution-credentials', resource: 'asm-auth' }] };
    }
    const secretId = need.credentialsParameter;
    let secretString: string | undefined;
    try {
      ({ secretString } = await reader.getSecretValue({ region: need.region, secretId, credentials }));
    } catch (error) {
      if (error instanceof AwsCallError || error instanceof AwsTransportError) {
        return { ok: false, failures: [{ kind: 'call', resource: 'asm-auth', secretId, error }] };
      }
      throw error;
    }
    try {
      found.set(secretId, parseRegistryAuthSecret(secretString));
    } catch (error) {
      if (!(error instanceof RegistryAuthSecretError)) throw error;
      return { ok: false, failures: [{ kind: 'value', resource: 'asm-auth', text: error.text }] };
    }
  }
  return { ok: true, value: found };
}

/** The region of a Secrets Manager ARN; undefined for a name (or a partial ARN without one). */
function arnRegion(parameter: string): string | undefined {
  const sections = parameter.split(':');
  if (sections[0] !== 'arn' || sections.length < 6) return undefined;
  return sections[3] === '' ? undefined : sections[3];
}
