import { FrameworkError } from '../errors.js';

export const sigV4Algorithm = 'AWS4-HMAC-SHA256';

/** The three components of a SigV4 Authorization header, as the client wrote them. */
export interface SigV4Authorization {
  readonly credential: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` with AWS's IncompleteSignature messages
 * (ref aws-iam-and-protocols §3.3 step 2): an unsupported algorithm; a component without `=`; the missing components listed
 * together, followed by the missing-date complaint when neither X-Amz-Date nor Date was sent, and the header
 * echoed as `Authorization=…`. A repeated component keeps its last value. The echoed header never shows the
 * signature, and a non-SigV4 header (a bearer token, say) is echoed as its scheme only.
 */
export function parseAuthorizationHeader(header: string, hasDate: boolean): SigV4Authorization {
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  const rest = space === -1 ? '' : trimmed.slice(space + 1);

  const components = new Map<string, string>();
  if (algorithm === sigV4Algorithm) {
    for (const raw of rest.split(',')) {
      const component = raw.trim();
      if (component === '') continue;
      const equals = component.indexOf('=');
      if (equals === -1) {
        throw new FrameworkError(
          'incompleteSignature',
          `'${redactComponent(component)}' not a valid key=value pair (missing equal-sign) in Authorization ` +
            `header: '${redactAuthorization(trimmed)}'.`,
        );
      }
      components.set(component.slice(0, equals), component.slice(equals + 1));
    }
  } else if (algorithm.startsWith('AWS4-')) {
    throw new FrameworkError('incompleteSignature', `Unsupported AWS 'algorithm': '${algorithm}'`);
  }

  const credential = components.get('Credential');
  const signature = components.get('Signature');
  const signedHeaders = components.get('SignedHeaders');
  const missing: string[] = [];
  if (credential === undefined) missing.push("Authorization header requires 'Credential' parameter.");
  if (signature === undefined) missing.push("Authorization header requires 'Signature' parameter.");
  if (signedHeaders === undefined) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (!hasDate) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (
    missing.length > 0 ||
    credential === undefined ||
    signature === undefined ||
    signedHeaders === undefined
  ) {
    throw new FrameworkError(
      'incompleteSignature',
      `${missing.join(' ')} Authorization=${redactAuthorization(trimmed)}`,
    );
  }
  return { credential, signedHeaders: signedHeaders.split(';'), signature };
}

/** The header as it may appear in an error message or a log line: signature values and bearer tokens hidden. */
export function redactAuthorization(header: string): string {
  if (header.startsWith('AWS4-')) return header.replace(/(Signature=)[^,\s]*/g, '$1***');
  const space = header.search(/\s/);
  return space === -1 ? '***' : `${header.slice(0, space)} ***`;
}

function redactComponent(component: string): string {
  // A component without '=' may be a stray signature (`…, Signature abc`); hide anything that looks like one.
  return /^[0-9a-f]{64}$/i.test(component) ? '***' : component;
}
