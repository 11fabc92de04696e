// HTML built so that escaping cannot be forgotten: `html\`…\`` escapes every interpolated value unless it is itself
// an Html value made by this module. A view therefore cannot put text from an API answer (a stoppedReason, a log
// line, a tag) into a page unescaped, whatever it holds.

/** Markup this module built: the only value `html` inserts without escaping. */
export class Html {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

/** What a template may interpolate: text (escaped), numbers, markup, lists of those; nothing for undefined/false. */
export type Interpolation = string | number | Html | undefined | null | false | readonly Interpolation[];

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text made safe for element content and quoted attribute values. */
export function escapeText(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => entities[c]!);
}

function render(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeText(String(value));
}

/** The tagged template of every view. */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}
