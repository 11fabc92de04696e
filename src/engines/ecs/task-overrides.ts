/**
 * RunTask's `overrides.containerOverrides` applied to the registered containers ([DOC] API_ContainerOverride):
 * `command` replaces the image's/definition's command; `environment` entries "override the existing environment
 * variables from the Docker image or the task definition" — same name replaced, new names added; `cpu`, `memory`,
 * `memoryReservation`, `environmentFiles` and `resourceRequirements` replace the definition's values.
 */
import type { ContainerDefinition, KeyValuePair } from './task-definition-types.js';

export interface ContainerOverride {
  readonly name: string;
  readonly command?: readonly string[];
  readonly environment?: readonly KeyValuePair[];
  readonly environmentFiles?: readonly unknown[];
  readonly cpu?: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
  readonly resourceRequirements?: readonly unknown[];
}

function mergeEnvironment(base: readonly KeyValuePair[], overrides: readonly KeyValuePair[]): KeyValuePair[] {
  const merged = new Map(base.map((pair) => [pair.name, pair.value]));
  for (const pair of overrides) merged.set(pair.name, pair.value);
  return [...merged].map(([name, value]) => ({ name, value }));
}

/** The container with its override applied (the override names this container). */
function applyContainerOverride(
  container: ContainerDefinition,
  override: ContainerOverride,
): ContainerDefinition {
  const { name: _name, environment, ...replacements } = override;
  const result: Record<string, unknown> = { ...container };
  for (const [field, value] of Object.entries(replacements)) if (value !== undefined) result[field] = value;
  if (environment) result['environment'] = mergeEnvironment(container.environment ?? [], environment);
  return result as ContainerDefinition;
}

/** Override names that are not containers of the definition (the first one is reported). */
export function unknownOverrideNames(
  containers: readonly ContainerDefinition[],
  overrides: readonly ContainerOverride[],
): string[] {
  const names = new Set(containers.map((container) => container.name));
  return overrides.map((override) => override.name).filter((name) => !names.has(name));
}

/** Every container with the override that names it (last wins when one is named twice). */
export function applyContainerOverrides(
  containers: readonly ContainerDefinition[],
  overrides: readonly ContainerOverride[],
): ContainerDefinition[] {
  return containers.map((container) =>
    overrides
      .filter((override) => override.name === container.name)
      .reduce<ContainerDefinition>(applyContainerOverride, container),
  );
}
