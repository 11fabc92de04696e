import { BerthError } from '../../errors/index.js';

/** A place in a template's text, 1-based as editors and SARIF count. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** The one error of template reading: what is wrong, and where when the text says. */
export function templateError(reason: string, position?: TextPosition): BerthError {
  const where = position === undefined ? '' : ` at line ${position.line}, column ${position.column}`;
  return new BerthError(
    'BERTH_INVALID_TEMPLATE',
    `not a readable CloudFormation template${where}: ${reason}`,
  );
}

/** The position of character `offset` of `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function pointerSegment(key: string | number): string {
  const text = String(key);
  return text.includes('~') || text.includes('/') ? text.replaceAll('~', '~0').replaceAll('/', '~1') : text;
}
