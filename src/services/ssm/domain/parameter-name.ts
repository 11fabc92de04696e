/**
 * Parameter names, paths, selectors and labels (PutParameter's and LabelParameterVersion's API reference "Naming
 * constraints"; Systems Manager User Guide, "Requirements and constraints for parameter names"): letters, digits and
 * `_.-`, sub-paths divided by `/`, a name with `/` begins with one, at most 15 levels, never prefixed with `aws` or
 * `ssm` in any case. Pure: the service words the problems (errors.ts).
 */

export type NameProblem = 'reserved' | 'reserved-path' | 'characters' | 'not-qualified' | 'depth';

export const maxHierarchyLevels = 15;

/** The stored key of a name: `x` and `/x` are one parameter (their ARN is the same, `parameter/x`). */
export function nameKey(name: string): string {
  return name.replace(/^\//, '');
}

/** What is wrong with a name PutParameter was given, if anything. */
export function nameProblem(name: string): NameProblem | undefined {
  const path = name.startsWith('/');
  const first = (path ? name.slice(1).split('/')[0]! : name).toLowerCase();
  if (first.startsWith('aws') || first.startsWith('ssm')) return path ? 'reserved-path' : 'reserved';
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(name)) return 'characters';
  if (!path && name.includes('/')) return 'not-qualified';
  if (
    path &&
    name
      .slice(1)
      .split('/')
      .some((segment) => segment === '')
  )
    return 'characters';
  if ((name.match(/\//g) ?? []).length > maxHierarchyLevels) return 'depth';
  return undefined;
}

/** A path GetParametersByPath may list: `/`, or `/a/b` (a trailing slash allowed). */
export function isValidPath(path: string): boolean {
  return /^\/([a-zA-Z0-9_.-]+\/?)*$/.test(path);
}

/** The parameters directly under `path` (one level) or anywhere below it (recursive). */
export function isUnderPath(name: string, path: string, recursive: boolean): boolean {
  const prefix = path.endsWith('/') ? path : `${path}/`;
  const full = name.startsWith('/') ? name : `/${name}`;
  if (!full.startsWith(prefix) || full.length === prefix.length) return false;
  return recursive || !full.slice(prefix.length).includes('/');
}

export type Selector = { readonly version: number } | { readonly label: string };

/** `name:3` (a version) or `name:label`; undefined when the text has more than one `:`. */
export function parseSelector(text: string): { name: string; selector?: Selector } | undefined {
  const parts = text.split(':');
  if (parts.length === 1) return { name: text };
  if (parts.length !== 2) return undefined;
  const [name, selector] = parts as [string, string];
  return { name, selector: selectorOf(selector) };
}

export function selectorOf(text: string): Selector {
  return /^[0-9]+$/.test(text) ? { version: Number(text) } : { label: text };
}

/** `:3` or `:label`, as GetParameter's `Selector` member shows it. */
export function selectorText(selector: Selector): string {
  return `:${'version' in selector ? selector.version : selector.label}`;
}

/**
 * Whether a label may be attached (LabelParameterVersion API reference): up to 100 letters, digits, `.`, `-`, `_`;
 * not beginning with a digit, `aws` or `ssm` in any case.
 */
export function isValidLabel(label: string): boolean {
  return /^[a-zA-Z0-9_.-]{1,100}$/.test(label) && !/^[0-9]/.test(label) && !/^(aws|ssm)/i.test(label);
}
