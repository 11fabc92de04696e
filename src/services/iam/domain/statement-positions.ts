/** A place in a policy document as IAM's simulator reports it: 1-based line and column. */
export interface Position {
  readonly Line: number;
  readonly Column: number;
}

export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/**
 * Where each statement of a policy document starts and ends, in statement order: what SimulatePrincipalPolicy's
 * MatchedStatements report (StartPosition/EndPosition). The document has already been parsed as JSON, so the walk
 * below can trust its structure; it only tracks offsets.
 */
export function statementPositions(text: string): Span[] {
  let i = 0;
  let spans: Span[] = [];
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const span = (run: () => void): Span => {
    space();
    const start = i;
    run();
    // Both ends inclusive: the statement's opening and closing brace.
    return { start: position(text, start), end: position(text, i - 1) };
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') members(() => value());
    else if (c === '[') elements(() => value());
    else if (c === '"') string();
    else while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  const members = (onMember: (key: string) => void): void => {
    i++;
    space();
    while (text[i] !== '}') {
      space();
      const key = string();
      space();
      i++; // the colon
      onMember(key);
      space();
      if (text[i] === ',') i++;
      space();
    }
    i++;
  };
  const elements = (onElement: () => void): void => {
    i++;
    space();
    while (text[i] !== ']') {
      onElement();
      space();
      if (text[i] === ',') i++;
      space();
    }
    i++;
  };
  space();
  members((key) => {
    if (key !== 'Statement') return value();
    space();
    // A later duplicate key wins, as in JSON.parse.
    if (text[i] === '[') {
      const found: Span[] = [];
      elements(() => found.push(span(value)));
      spans = found;
    } else spans = [span(value)];
  });
  return spans;
}

function position(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { Line: line, Column: offset - lineStart + 1 };
}
