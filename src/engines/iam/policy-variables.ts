import type { RequestContext } from './request-context.js';

/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the escapes `${*}`, `${?}`,
 * `${$}`), reference/aws-iam-and-protocols.md §1.10. They are only honoured under Version 2012-10-17; the caller
 * decides that and passes plain text otherwise.
 *
 * What a variable (or an escape) yields is literal text: a `*` in a user's name must not become a wildcard. So the
 * resolved pattern marks literal `*` and `?` with private-use characters that the wildcard matcher treats as the
 * plain characters (see `literalStar`, `literalQuestion`).
 */
export const literalStar = '\uE000';
export const literalQuestion = '\uE001';

type Piece = { text: string } | { key: string; fallback?: string };

export interface VariableTemplate {
  /** Resolves against a context; undefined when a variable has neither a value nor a default. */
  resolve(context: RequestContext): string | undefined;
}

/** Parses `text` for variables; returns undefined when it has none (the common case, matched as is). */
export function parseVariables(text: string): VariableTemplate | undefined {
  if (!text.includes('${')) return undefined;
  const pieces: Piece[] = [];
  let rest = text;
  for (let start = rest.indexOf('${'); start >= 0; start = rest.indexOf('${')) {
    const end = rest.indexOf('}', start);
    if (end < 0) break;
    if (start > 0) pieces.push({ text: rest.slice(0, start) });
    pieces.push(parsePiece(rest.slice(start + 2, end)));
    rest = rest.slice(end + 1);
  }
  if (rest) pieces.push({ text: rest });
  return {
    resolve(context) {
      let out = '';
      for (const piece of pieces) {
        if ('text' in piece) {
          out += piece.text;
          continue;
        }
        const value = context.get(piece.key);
        const resolved = typeof value === 'string' ? value : piece.fallback;
        if (resolved === undefined) return undefined;
        out += markLiteral(resolved);
      }
      return out;
    },
  };
}

/** Turns marked literal characters back into the plain ones, for operators that do not glob. */
export function unmarkLiteral(text: string): string {
  return text.replaceAll(literalStar, '*').replaceAll(literalQuestion, '?');
}

function markLiteral(text: string): string {
  return text.replaceAll('*', literalStar).replaceAll('?', literalQuestion);
}

function parsePiece(inner: string): Piece {
  const body = inner.trim();
  if (body === '*' || body === '?' || body === '$') return { text: markLiteral(body) };
  // `${key, 'default'}`: the default is a single-quoted string after a comma.
  const withDefault = /^([^,\s]+)\s*,\s*'([^']*)'$/.exec(body);
  if (withDefault) return { key: withDefault[1]!, fallback: withDefault[2]! };
  return { key: body };
}
