import { intrinsicOf } from './intrinsics.js';
import { rejected } from './template-rejection.js';

type Section = Readonly<Record<string, unknown>>;

/** The resources of a template and what each needs created first. */
export interface DependencyGraph {
  /** Logical ids in template order. */
  readonly ids: readonly string[];
  /** The resources `id` refers to (Ref, Fn::GetAtt, Fn::Sub) or names in DependsOn. */
  dependenciesOf(id: string): readonly string[];
  /** The resources that refer to `id`. */
  dependentsOf(id: string): readonly string[];
}

const pseudo = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/**
 * The dependency graph CloudFormation builds (cfn-doc aws-attribute-dependson.md; ref cloudformation-cdk §4.4):
 * implicit edges from `Ref`, `Fn::GetAtt` and `Fn::Sub` (`${X}`, `${X.Attr}`), explicit ones from `DependsOn`.
 * Refused with CloudFormation's texts: a name that is neither a parameter, a pseudo parameter nor a resource
 * ("Template format error: Unresolved resource dependencies [X] in the Resources block of the template"; the same
 * for Outputs), and a cycle ("Circular dependency between resources: [A, B]").
 */
export function dependencyGraph(root: Section): DependencyGraph {
  const resources = (root.Resources ?? {}) as Section;
  const parameters = new Set(Object.keys((root.Parameters ?? {}) as Section));
  const ids = Object.keys(resources);
  const known = new Set(ids);
  const edges = new Map<string, string[]>();
  const unresolved = new Set<string>();
  const note = (names: Iterable<string>, into: Set<string>) => {
    for (const name of names) {
      if (known.has(name)) into.add(name);
      else if (!parameters.has(name) && !pseudo.has(name)) unresolved.add(name);
    }
  };
  for (const id of ids) {
    const declaration = (resources[id] ?? {}) as Section;
    const needs = new Set<string>();
    note(referencesIn(declaration.Properties), needs);
    note(referencesIn(declaration.Metadata), needs);
    const dependsOn = declaration.DependsOn;
    const explicit = typeof dependsOn === 'string' ? [dependsOn] : Array.isArray(dependsOn) ? dependsOn : [];
    for (const name of explicit) {
      if (typeof name === 'string' && known.has(name)) needs.add(name);
      else unresolved.add(String(name));
    }
    if (needs.has(id)) throw rejected(circular([id]));
    edges.set(id, [...needs]);
  }
  if (unresolved.size > 0) {
    throw rejected(
      `Template format error: Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Resources block of the template`,
    );
  }
  const outputs = new Set<string>();
  for (const output of Object.values((root.Outputs ?? {}) as Section)) {
    for (const name of referencesIn(output)) {
      if (!known.has(name) && !parameters.has(name) && !pseudo.has(name)) outputs.add(name);
    }
  }
  if (outputs.size > 0) {
    throw rejected(
      `Template format error: Unresolved resource dependencies [${[...outputs].join(', ')}] in the Outputs block of the template`,
    );
  }
  const cycle = findCycle(ids, edges);
  if (cycle) throw rejected(circular(cycle));
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [id, needs] of edges) for (const need of needs) dependents.get(need)!.push(id);
  return {
    ids,
    dependenciesOf: (id) => edges.get(id) ?? [],
    dependentsOf: (id) => dependents.get(id) ?? [],
  };
}

function circular(ids: readonly string[]): string {
  return `Circular dependency between resources: [${ids.join(', ')}]`;
}

/** Every name a value refers to through Ref, Fn::GetAtt or Fn::Sub, in order of appearance. */
export function referencesIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const object = v as Section;
    const name = intrinsicOf(object);
    const args = name === undefined ? undefined : object[name];
    if (name === 'Ref' && typeof args === 'string') found.push(args);
    else if (name === 'Fn::GetAtt') {
      const target = Array.isArray(args)
        ? args[0]
        : typeof args === 'string'
          ? args.split('.')[0]
          : undefined;
      if (typeof target === 'string') found.push(target);
      if (Array.isArray(args)) walk(args.slice(1));
    } else if (name === 'Fn::Sub') {
      const [template, variables] = Array.isArray(args) ? [args[0], args[1]] : [args, undefined];
      const local = new Set(
        variables !== null && typeof variables === 'object' ? Object.keys(variables as Section) : [],
      );
      if (typeof template === 'string') {
        for (const ref of subNames(template)) if (!local.has(ref)) found.push(ref);
      }
      walk(variables);
    } else for (const key of Object.keys(object)) walk(object[key]);
  };
  walk(value);
  return found;
}

/** The resource or parameter names `${X}` / `${X.Attr}` of a Fn::Sub string (not `${!Literal}`). */
function subNames(template: string): string[] {
  const names: string[] = [];
  let at = 0;
  for (;;) {
    const open = template.indexOf('${', at);
    if (open < 0) return names;
    const close = template.indexOf('}', open + 2);
    if (close < 0) return names;
    const name = template.slice(open + 2, close).trim();
    at = close + 1;
    if (!name.startsWith('!')) names.push(name.split('.')[0]!);
  }
}

/** The members of one cycle (a strongly connected component of more than one resource), in template order. */
function findCycle(
  ids: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[] | undefined {
  // Tarjan's algorithm, iterative so that a long chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const start of ids) {
    if (index.has(start)) continue;
    const work: { id: string; next: number }[] = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const needs = edges.get(frame.id) ?? [];
      if (frame.next < needs.length) {
        const next = needs[frame.next++]!;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, next: 0 });
        } else if (onStack.has(next)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(next)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (;;) {
        const member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
        if (member === frame.id) break;
      }
      if (component.length > 1) return ids.filter((id) => component.includes(id));
    }
  }
  return undefined;
}
