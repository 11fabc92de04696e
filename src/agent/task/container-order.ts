/**
 * `dependsOn` (API_ContainerDependency): a container starts once each dependency has reached its condition —
 * START (started), COMPLETE (exited), SUCCESS (exited 0), HEALTHY (its health check passed: agent/health). A dependency that can never be met (it never starts, exits non-zero for SUCCESS, names no container of
 * the task, or is part of a cycle) means the container never starts, as the ECS agent's dependency graph fails
 * such a container as terminal. When stopping, a container is stopped after the containers that depend on it.
 */
import type { ContainerDefinition, ContainerDependency } from '../../engines/ecs/index.js';
import type { ContainerExit } from '../runtime/runtime.js';

export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  #settled = false;

  constructor() {
    this.promise = new Promise<T>((resolve) => {
      this.resolve = (value) => {
        if (this.#settled) return;
        this.#settled = true;
        resolve(value);
      };
    });
  }
}

/** What others wait on: whether a container started, and how it exited (undefined: it never started). */
export interface ContainerGates {
  readonly started: Deferred<boolean>;
  readonly exited: Deferred<ContainerExit | undefined>;
  /** Whether the container passed its health check before failing it, exiting or the task stopping. */
  readonly healthy: Deferred<boolean>;
}

export function newGates(): ContainerGates {
  return { started: new Deferred(), exited: new Deferred(), healthy: new Deferred() };
}

/** Whether one dependency is met; false as soon as it is known it never will be. */
export async function dependencyMet(
  condition: ContainerDependency['condition'],
  gates: ContainerGates | undefined,
): Promise<boolean> {
  if (gates === undefined || !(await gates.started.promise)) return false;
  if (condition === 'START') return true;
  if (condition === 'HEALTHY') return gates.healthy.promise;
  const exit = await gates.exited.promise;
  return exit !== undefined && (condition === 'COMPLETE' || exit.exitCode === 0);
}

/** The containers on a dependsOn cycle: they wait on each other, so none of them can start. */
export function containersOnCycles(definitions: readonly ContainerDefinition[]): Set<string> {
  const edges = new Map(
    definitions.map((d) => [d.name, (d.dependsOn ?? []).map((dep) => dep.containerName)]),
  );
  const onCycle = new Set<string>();
  for (const start of edges.keys()) {
    // Is `start` reachable from one of its own dependencies?
    const seen = new Set<string>();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (name === start) {
        onCycle.add(start);
        break;
      }
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(edges.get(name) ?? []));
    }
  }
  return onCycle;
}

/** For each container, the containers that depend on it (they are stopped first). */
export function dependentsOf(definitions: readonly ContainerDefinition[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>(definitions.map((d) => [d.name, []]));
  for (const definition of definitions) {
    for (const dep of definition.dependsOn ?? []) dependents.get(dep.containerName)?.push(definition.name);
  }
  return dependents;
}
