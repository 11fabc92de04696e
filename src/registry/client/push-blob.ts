import type { Digest } from '../../engines/oci/index.js';
import { bearerChallenge, parseChallenges } from '../../engines/registry-auth/index.js';
import { header, headerValues, statusError } from './read-body.js';
import { redactUrl } from './redact.js';
import { RegistryError, type RegistryOperation } from './registry-error.js';
import type { RegistrySession, SessionRequest } from './registry-session.js';
import type { TransportResponse } from './transport.js';

/** A blob to push: its bytes and the digest they must hash to (the registry verifies it). */
export interface PushBlob {
  readonly digest: Digest;
  readonly bytes: Uint8Array;
}

/** What pushing one blob did. */
export type BlobPushOutcome = 'uploaded' | 'present';

const pushActions = ['pull', 'push'] as const;

/**
 * Pushes one blob (distribution-spec "Pushing blobs"): HEAD first and nothing more when the registry has it; else a
 * monolithic upload, POST `/blobs/uploads/` then PUT `<Location>?digest=` with the whole body. Every request asks
 * for `pull,push` on the repository, so one token serves the whole push.
 */
export async function pushBlob(
  session: RegistrySession,
  blob: PushBlob,
  signal?: AbortSignal,
): Promise<BlobPushOutcome> {
  const blobUrl = session.url('blobs', blob.digest);
  const head = await sendPush(session, { method: 'HEAD', url: blobUrl, operation: 'blob', signal });
  await head.body.dump().catch(() => undefined);
  if (head.status === 200) return 'present';
  if (head.status !== 404) throw await pushError(session, head, 'HEAD', 'blob');

  const started = await sendPush(session, {
    method: 'POST',
    url: session.uploadsUrl(),
    operation: 'blob',
    headers: { 'content-length': '0' },
    signal,
  });
  if (started.status !== 202) throw await pushError(session, started, 'POST', 'blob');
  await started.body.dump().catch(() => undefined);
  const upload = uploadLocation(session, started);
  upload.searchParams.set('digest', blob.digest);

  const finished = await sendPush(session, {
    method: 'PUT',
    url: upload,
    operation: 'blob',
    headers: { 'content-type': 'application/octet-stream' },
    body: blob.bytes,
    signal,
  });
  if (finished.status !== 201) throw await pushError(session, finished, 'PUT', 'blob');
  await finished.body.dump().catch(() => undefined);
  return 'uploaded';
}

/** A request of a push: `pull,push` scope; `signal` may be absent. */
export function sendPush(
  session: RegistrySession,
  request: Omit<SessionRequest, 'actions' | 'signal'> & { readonly signal?: AbortSignal | undefined },
): ReturnType<RegistrySession['send']> {
  const { signal, ...rest } = request;
  return session.send({ ...rest, actions: pushActions, ...(signal === undefined ? {} : { signal }) });
}

/**
 * The upload URL from a 202's Location, relative to the request. It must stay on the registry's host: the session
 * sends the registry's credentials with every request, so an upload elsewhere (a storage back end) is refused
 * rather than handed the password.
 */
function uploadLocation(session: RegistrySession, response: TransportResponse): URL {
  const location = header(response, 'location');
  const url = location === undefined ? undefined : safeUrl(location, response.url);
  if (url === undefined || url.host !== response.url.host) {
    throw new RegistryError(
      'BERTH_REGISTRY_PROTOCOL',
      url === undefined
        ? `the registry started an upload to ${session.repository} without a usable Location header`
        : `the registry moved the upload to ${redactUrl(url)}, another host than ${session.host}: not followed`,
      { operation: 'blob', method: 'POST', url: redactUrl(response.url), status: response.status },
    );
  }
  return url;
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/**
 * The error for a refused push request: containerd's status text, as for pulls. A 401 whose Bearer challenge says
 * `insufficient_scope` — after the session already fetched a fresh token — means the login is valid but may not
 * push here: DENIED, as a 403 is.
 */
export async function pushError(
  session: RegistrySession,
  response: TransportResponse & { retryAfterMs?: number },
  method: string,
  operation: RegistryOperation,
): Promise<RegistryError> {
  const error = await statusError(response, method, operation);
  if (response.status !== 401 || !insufficientScope(response)) return error;
  return new RegistryError(
    'BERTH_REGISTRY_DENIED',
    `${error.message}: the credentials may not push to ${session.repository} (insufficient_scope)`,
    {
      operation,
      method,
      ...(error.url === undefined ? {} : { url: error.url }),
      status: response.status,
      serverErrors: error.serverErrors,
    },
  );
}

function insufficientScope(response: TransportResponse): boolean {
  for (const line of headerValues(response, 'www-authenticate')) {
    try {
      for (const challenge of parseChallenges(line)) {
        if (challenge.scheme === 'bearer' && bearerChallenge(challenge).error === 'insufficient_scope')
          return true;
      }
    } catch {
      // A malformed challenge says nothing about scope.
    }
  }
  return false;
}
