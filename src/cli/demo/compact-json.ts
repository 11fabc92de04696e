// JSON for people: indented by two, with every object or array that fits on its line kept on one line, spaced as
// one would write it by hand (`{"containerPort": 8080, "protocol": "tcp"}`).

const width = 100;

/** `margin`: columns already taken left of the document (it is printed indented). */
export function compactJson(value: unknown, margin = 0, indent = ''): string {
  const flat = flatJson(value);
  if (typeof value !== 'object' || value === null || margin + indent.length + flat.length <= width)
    return flat;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((item) => inner + compactJson(item, margin, inner))
    : fields(value).map(
        ([key, field]) => `${inner}${JSON.stringify(key)}: ${compactJson(field, margin, inner)}`,
      );
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

/** One line. */
export function flatJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flatJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${fields(value)
      .map(([key, field]) => `${JSON.stringify(key)}: ${flatJson(field)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fields(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, field]) => field !== undefined);
}
