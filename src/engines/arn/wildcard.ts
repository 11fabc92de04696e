/**
 * IAM's wildcard matching: `*` matches any run of characters (also none), `?` exactly one; everything else is
 * literal. Patterns compile once to a RegExp; the cache keeps hot policy evaluation free of re-compiles.
 */
export function compileWildcard(pattern: string, options: { ignoreCase?: boolean } = {}): RegExp {
  const key = `${options.ignoreCase ? 'i' : 's'}${pattern}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = new RegExp(`^${wildcardToRegexSource(pattern)}$`, options.ignoreCase ? 'is' : 's');
    if (cache.size > maxCached) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

export function wildcardMatches(
  pattern: string,
  value: string,
  options: { ignoreCase?: boolean } = {},
): boolean {
  if (pattern === '*') return true;
  if (isPlain(pattern))
    return options.ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return compileWildcard(pattern, options).test(value);
}

/**
 * Regex source for a wildcard pattern; literal text is escaped. U+E000 and U+E001 stand for a literal `*` and `?`
 * (policy variables and the `${*}` escapes produce them, see engines/iam/policy-variables.ts).
 */
export function wildcardToRegexSource(pattern: string): string {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '\uE000') source += '\\*';
    else if (char === '\uE001') source += '\\?';
    else source += escapeRegex(char);
  }
  return source;
}

/** True when the pattern holds no wildcard and no marked literal, so plain comparison is enough. */
export function isPlain(pattern: string): boolean {
  return !/[*?\uE000\uE001]/.test(pattern);
}

export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

const maxCached = 10_000;
const cache = new Map<string, RegExp>();
