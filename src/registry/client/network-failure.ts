import type { NetworkFailure } from './registry-error.js';

/**
 * A Node/undici connection failure worded as Go's net package words it, because ECS shows Go's text
 * (`failed to do request: Head "…": dial tcp 34.205.13.154:443: i/o timeout`, reference ecs-private-auth §3.3).
 * Only the error's code, address and port are read: never its message, which may quote a URL.
 */
export function describeNetworkFailure(error: unknown, url: URL): NetworkFailure {
  const e = (error ?? {}) as {
    code?: unknown;
    name?: unknown;
    address?: unknown;
    port?: unknown;
    hostname?: unknown;
    cause?: unknown;
  };
  // undici wraps connection errors; the system error is the cause.
  const inner = (e.code === undefined && e.cause !== undefined ? e.cause : e) as typeof e;
  const code = typeof inner.code === 'string' ? inner.code : e.name === 'AbortError' ? 'ABORTED' : 'UNKNOWN';
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const address = typeof inner.address === 'string' ? inner.address : url.hostname.replace(/^\[|\]$/g, '');
  const remote = address.includes(':')
    ? `[${address}]:${inner.port ?? port}`
    : `${address}:${inner.port ?? port}`;
  return { code, detail: detailFor(code, remote, url.hostname) };
}

function detailFor(code: string, remote: string, hostname: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `dial tcp ${remote}: connect: connection refused`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `dial tcp ${remote}: i/o timeout`;
    case 'ENOTFOUND':
      return `dial tcp: lookup ${hostname}: no such host`;
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${hostname}: temporary failure in name resolution`;
    case 'EHOSTUNREACH':
      return `dial tcp ${remote}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${remote}: connect: network is unreachable`;
    case 'ECONNRESET':
      return `read tcp ${remote}: read: connection reset by peer`;
    case 'EPIPE':
      return `write tcp ${remote}: write: broken pipe`;
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'unexpected EOF';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'net/http: timeout awaiting response headers';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'net/http: request canceled (Client.Timeout or context cancellation while reading body)';
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'unexpected EOF';
    case 'ABORTED':
    case 'UND_ERR_ABORTED':
      return 'context canceled';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'CERT_HAS_EXPIRED':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: certificate is not valid for ${hostname}`;
    default:
      return code === 'UNKNOWN' ? 'connection failed' : `connection failed (${code})`;
  }
}

/** Go's url.Error spells the method `Head`, `Get`, `Post`. */
export function goMethod(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
}
