/**
 * ALB's condition wildcards (ref ecs-services-elb-logs §4.4): `*` matches any run of characters (none included), `?`
 * exactly one. Path patterns are case sensitive, host headers are not. Greedy scan that backtracks only to the last
 * `*`, so the time is O(pattern × value) at worst and values are bounded by the listener (128-character patterns).
 */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let resume = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
