import { BerthError } from '../../errors/index.js';
import { quote } from '../oci/index.js';

/** A token scope (distribution scope.md): `repository:library/alpine:pull`. */
export interface Scope {
  /** `repository`, `registry`, …; a deprecated resource class such as `(plugin)` is dropped. */
  readonly type: string;
  /** The resource name; may hold a host with `:port`. */
  readonly name: string;
  /** Actions as given, e.g. `pull`, `push`, `*`; may be empty (a request only for a refresh token). */
  readonly actions: readonly string[];
}

/** `registry:catalog:*`, the scope for listing repositories. */
export const catalogScope: Scope = { type: 'registry', name: 'catalog', actions: ['*'] };

const typeGrammar = /^([a-z0-9]+)(?:\([a-z0-9]+\))?$/;
const actionGrammar = /^(?:[a-z]+|\*)$/;

/** The scope for a repository, `pull` unless told otherwise. */
export function repositoryScope(name: string, actions: readonly string[] = ['pull']): Scope {
  return checked({ type: 'repository', name, actions: [...actions] }, `${name}`);
}

/** `type:name:action,action`. */
export function formatScope(scope: Scope): string {
  const { type, name, actions } = checked(scope, scope.name);
  return `${type}:${name}:${actions.join(',')}`;
}

/** A space-separated scope list, as the `scope` field of an OAuth2 POST carries it. */
export function formatScopes(scopes: readonly Scope[]): string {
  return scopes.map(formatScope).join(' ');
}

/**
 * Parses one scope. The name may contain `:` (a host with a port), so the type ends at the first colon and the
 * actions start after the last one (§1.3).
 */
export function parseScope(text: string): Scope {
  if (typeof text !== 'string') throw invalid(String(text), 'it is not a string');
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first === -1 || first === last) throw invalid(text, 'expected "type:name:actions"');
  const typeMatch = typeGrammar.exec(text.slice(0, first));
  if (!typeMatch) throw invalid(text, `resource type ${quote(text.slice(0, first))} must be [a-z0-9]+`);
  const actionsText = text.slice(last + 1);
  return checked(
    {
      type: typeMatch[1]!,
      name: text.slice(first + 1, last),
      actions: actionsText === '' ? [] : actionsText.split(','),
    },
    text,
  );
}

/** Parses a space-separated list of scopes (a challenge's `scope` parameter may hold several). */
export function parseScopes(text: string): Scope[] {
  if (typeof text !== 'string') throw invalid(String(text), 'it is not a string');
  return text
    .split(' ')
    .filter((part) => part !== '')
    .map(parseScope);
}

/**
 * One scope per (type, name), in order of first appearance, with the union of their actions sorted, so the same
 * access always produces the same scope string (and token cache key).
 */
export function mergeScopes(scopes: Iterable<Scope>): Scope[] {
  const merged = new Map<string, { type: string; name: string; actions: Set<string> }>();
  for (const scope of scopes) {
    const key = `${scope.type}\u0000${scope.name}`;
    const entry = merged.get(key) ?? { type: scope.type, name: scope.name, actions: new Set<string>() };
    for (const action of scope.actions) entry.actions.add(action);
    merged.set(key, entry);
  }
  return [...merged.values()].map(({ type, name, actions }) => ({
    type,
    name,
    actions: [...actions].sort(),
  }));
}

function checked(scope: Scope, shown: string): Scope {
  if (!typeGrammar.test(scope.type))
    throw invalid(shown, `resource type ${quote(scope.type)} must be [a-z0-9]+`);
  // Whitespace separates scopes and ":" would move the actions; neither can be part of a name's last component.
  if (scope.name === '' || /[\s",]/.test(scope.name) || scope.name.endsWith(':')) {
    throw invalid(shown, `resource name ${quote(scope.name)} is empty or has whitespace, a quote or a comma`);
  }
  for (const action of scope.actions) {
    if (!actionGrammar.test(action)) throw invalid(shown, `action ${quote(action)} must be [a-z]+ or "*"`);
  }
  return scope;
}

function invalid(text: string, reason: string): BerthError {
  return new BerthError('BERTH_INVALID_SCOPE', `invalid scope ${quote(text)}: ${reason}`);
}
