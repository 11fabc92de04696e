import { ServiceRegistry } from '../../aws/index.js';
import { once } from '../../engines/concurrency/index.js';
import { BerthError } from '../../errors/index.js';
import type { AnyPart, PartDeps, PartInstance, PortKey } from './part.js';

export interface BuiltParts {
  /** The built parts, in dependency order (start in this order, stop and close in reverse). */
  readonly parts: readonly PartInstance[];
  /** What any part provides, loaded on first need (tests reach services this way; parts use their context). */
  need<T>(key: PortKey<T>): Promise<T>;
}

/**
 * Builds the parts of a wiring in dependency order (a part after every part whose port it requires; otherwise in the
 * wiring's order) and connects each `need` to the part that provides the key. A key required but provided by no part,
 * provided twice, or a circle of requirements is a wiring bug, reported before anything is built.
 */
export function buildParts(
  wiring: readonly AnyPart[],
  deps: PartDeps,
  options: ReadonlyMap<string, object> = new Map(),
): BuiltParts {
  const ordered = dependencyOrder(wiring);
  const loaders = new Map<string, () => Promise<unknown>>();
  const parts = ordered.map((part) => {
    const declared = new Set((part.requires ?? []).map((key) => key.id));
    const need = <T>(key: PortKey<T>): Promise<T> => {
      const load = loaders.get(key.id);
      if (!declared.has(key.id) || !load) {
        return Promise.reject(
          wiringBug(`part ${part.name} needs ${key.id} without declaring it in requires`),
        );
      }
      return load() as Promise<T>;
    };
    const instance = part.build({ deps, need }, options.get(part.name) ?? {});
    const given = new Set((instance.provides ?? []).map((provided) => provided.key.id));
    for (const key of part.provides ?? []) {
      if (!given.has(key.id)) throw wiringBug(`part ${part.name} declares ${key.id} but does not provide it`);
    }
    for (const provided of instance.provides ?? []) loaders.set(provided.key.id, once(provided.load));
    return instance;
  });
  const need = <T>(key: PortKey<T>): Promise<T> => {
    const load = loaders.get(key.id);
    return load ? (load() as Promise<T>) : Promise.reject(wiringBug(`no part provides ${key.id}`));
  };
  return { parts, need };
}

/** The gateway's registry of every part's services (their routing; operations load on first request). */
export function serviceRegistry(parts: readonly PartInstance[]): ServiceRegistry {
  const registry = new ServiceRegistry();
  for (const part of parts) for (const service of part.services ?? []) registry.register(service);
  return registry;
}

/** The wiring sorted so that providers come before the parts that require them (Kahn's algorithm, stable). */
export function dependencyOrder(wiring: readonly AnyPart[]): AnyPart[] {
  const providers = new Map<string, AnyPart>();
  for (const part of wiring) {
    if (wiring.indexOf(part) !== wiring.lastIndexOf(part))
      throw wiringBug(`part ${part.name} is wired twice`);
    for (const key of part.provides ?? []) {
      const other = providers.get(key.id);
      if (other) throw wiringBug(`${key.id} is provided by both ${other.name} and ${part.name}`);
      providers.set(key.id, part);
    }
  }
  const waitingOn = new Map<AnyPart, Set<AnyPart>>();
  for (const part of wiring) {
    const before = new Set<AnyPart>();
    for (const key of part.requires ?? []) {
      const provider = providers.get(key.id);
      if (!provider) throw wiringBug(`part ${part.name} requires ${key.id}, which no part provides`);
      if (provider !== part) before.add(provider);
    }
    waitingOn.set(part, before);
  }
  const ordered: AnyPart[] = [];
  while (ordered.length < wiring.length) {
    const next = wiring.find((part) => !ordered.includes(part) && waitingOn.get(part)!.size === 0);
    if (!next) {
      const stuck = wiring.filter((part) => !ordered.includes(part)).map((part) => part.name);
      throw wiringBug(`the parts ${stuck.join(', ')} require each other in a circle`);
    }
    ordered.push(next);
    for (const before of waitingOn.values()) before.delete(next);
  }
  return ordered;
}

function wiringBug(message: string): BerthError {
  return new BerthError('BERTH_INTERNAL', `berth's wiring: ${message}`);
}
