/**
 * CloudWatch Logs filter patterns for unstructured events: the term form. Grammar, from the AWS documentation
 * "Filter pattern syntax for metric filters, subscription filters, filter log events" (match terms in unstructured
 * log events) [DOC], the same examples the SDK docs repeat ("ERROR Exception" = both, "-ERROR" = without,
 * "?ERROR ?Exception" = either, `""` = everything):
 *
 *     pattern := (space* term)* space*
 *     term    := ('-' | '?')? (word | '"' (char | '\"')* '"')
 *
 * An event matches when it contains every plain term, none of the `-` terms, and, if there are `?` terms, at least
 * one of them. Terms match as case-sensitive substrings of the message ("Filter patterns are case sensitive" [DOC]).
 * JSON (`{ $.x = … }`) and space-delimited (`[a, b]`) patterns are refused as unsupported rather than misread.
 *
 * One scan, no regular expressions, input capped at the API's 1024 characters (FilterLogEvents `filterPattern`
 * length constraint): no input makes it backtrack.
 */

export const maxFilterPatternLength = 1024;

export interface FilterPattern {
  readonly all: readonly string[];
  readonly none: readonly string[];
  readonly any: readonly string[];
}

export type FilterPatternResult =
  | { readonly ok: true; readonly pattern: FilterPattern }
  | { readonly ok: false; readonly problem: string };

export function parseFilterPattern(text: string): FilterPatternResult {
  if (text.length > maxFilterPatternLength)
    return { ok: false, problem: `filter pattern longer than ${maxFilterPatternLength} characters` };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('['))
    return { ok: false, problem: 'JSON and space-delimited filter patterns are not supported by berth' };
  const all: string[] = [];
  const none: string[] = [];
  const any: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i]!)) {
      i++;
      continue;
    }
    const sign = text[i] === '-' || text[i] === '?' ? text[i] : '';
    if (sign) i++;
    let term = '';
    if (text[i] === '"') {
      const start = i;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '\\' && text[i + 1] === '"') {
          term += '"';
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          term += c;
          i++;
        }
      }
      if (!closed) return { ok: false, problem: `unterminated quoted term at position ${start}` };
    } else {
      while (i < text.length && !isSpace(text[i]!)) term += text[i++];
    }
    if (term === '') continue;
    (sign === '-' ? none : sign === '?' ? any : all).push(term);
  }
  return { ok: true, pattern: { all, none, any } };
}

export function matchesFilterPattern(pattern: FilterPattern, message: string): boolean {
  if (!pattern.all.every((term) => message.includes(term))) return false;
  if (pattern.none.some((term) => message.includes(term))) return false;
  return pattern.any.length === 0 || pattern.any.some((term) => message.includes(term));
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}
