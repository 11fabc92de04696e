/**
 * Quotes untrusted text (a reference, a header, a JSON field) for an error message. The text is cut short so a
 * huge or hostile input cannot flood logs, and JSON escaping keeps control characters visible.
 */
export function quote(text: string, max = 100): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
