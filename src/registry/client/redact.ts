/**
 * Redaction for everything the registry client puts in an error message or a log line (DESIGN.md conventions;
 * go-containerregistry internal/redact). URLs lose their user-info and the values of every query parameter not
 * known to be harmless: presigned blob URLs carry signatures (`X-Amz-Signature`), token URLs may carry an
 * `account`; the token request's `scope` and `service` stay, because ECS prints them (reference ecs-private-auth
 * §3.3, the ghcr.io 401 text).
 */
const keptQueryParameters = new Set(['scope', 'service', 'n', 'last', 'ns', 'digest']);
const redactedValue = 'REDACTED';

/** A URL as it may be shown: no user-info, no fragment, unknown query values replaced by `REDACTED`. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '<invalid URL>';
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  if (parsed.search === '') return parsed.toString();
  const kept = new URLSearchParams();
  for (const [name, value] of parsed.searchParams) {
    kept.append(name, keptQueryParameters.has(name.toLowerCase()) ? value : redactedValue);
  }
  // Go's url.Values.Encode sorts by key, which is the order ECS texts show (`scope=…&service=…`).
  kept.sort();
  parsed.search = kept.toString();
  return parsed.toString();
}

const secretHeaders = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-registry-auth',
]);

/** Request or response headers with credentials replaced, for debug logs. */
export function redactHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[name] = secretHeaders.has(name.toLowerCase()) ? redactAuthorization(text) : text;
  }
  return out;
}

/** `Bearer eyJ…` → `Bearer REDACTED`: the scheme says what was sent without saying what it was. */
export function redactAuthorization(value: string): string {
  const space = value.indexOf(' ');
  return space === -1 ? redactedValue : `${value.slice(0, space)} ${redactedValue}`;
}

/**
 * A registry's error text with anything that looks like a credential blanked: servers sometimes echo the
 * request's Authorization or a token back in a message body.
 */
export function redactText(text: string): string {
  return text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${redactedValue}`)
    .replace(/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, redactedValue)
    .replace(/([?&](?!scope=|service=)[A-Za-z0-9_.-]+=)[^&\s"']+/g, `$1${redactedValue}`);
}
