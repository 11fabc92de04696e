// ECR's layer downloads: "AWS' ECR service returns a 307 to the location to actually download the blob", a pre-signed
// S3 URL on another host (ref ecr §2.6). berth does the same for every blob GET of an ECR repository — always, as
// ECR does, so that a client that cannot follow the redirect, or that carries the registry's Authorization across
// hosts, fails here as it would against ECR. The URL is berth's own port under `127.0.0.1` (ECR's door is `localhost`:
// another host to the client, which must drop the credentials), signed and short-lived; a request that still carries
// Authorization gets S3's 400 for two auth mechanisms (ref ecr §2.6, OBS open-policy-agent/opa#6728).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HttpRequest, HttpResponse } from '../../aws/index.js';
import type { ContentStore } from '../../content/index.js';
import type { Digest } from '../../engines/oci/index.js';
import type { Clock } from '../../ports/index.js';
import { checkDigest, isOciError, type ServerResponse, serveBlob } from '../../registry/server/index.js';

/** How long a layer URL works [INF: ECR's pre-signed URL lifetime is not documented]. */
const lifetimeSeconds = 600;

export interface EcrLayerUrls {
  /** A signed URL of the blob: where the registry redirects an ECR blob GET, and GetDownloadUrlForLayer's answer. */
  url(digest: string): string;
  /** Answers `GET|HEAD <prefix><digest>?Expires=…&Signature=…`. */
  answer(request: HttpRequest): Promise<HttpResponse | ServerResponse>;
}

export function ecrLayerUrls(deps: {
  /** The path the ECR part mounts `answer` at. */
  readonly prefix: string;
  readonly endpoint: () => string;
  readonly content: () => Promise<ContentStore>;
  readonly clock: Clock;
}): EcrLayerUrls {
  // Per process: a restart ends the URLs given out, which live minutes anyway.
  const key = randomBytes(32);
  const sign = (digest: string, expires: string) =>
    createHmac('sha256', key).update(`${digest}\n${expires}`).digest('base64url');
  return {
    url(digest) {
      const expires = String(Math.floor(deps.clock.now().getTime() / 1000) + lifetimeSeconds);
      return `${deps.endpoint()}${deps.prefix}${digest}?Expires=${expires}&Signature=${sign(digest, expires)}`;
    },
    async answer(request) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      }
      if (request.headers.some(([name]) => name.toLowerCase() === 'authorization')) {
        return s3Error(
          400,
          'InvalidArgument',
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
        );
      }
      const query = new URLSearchParams(request.query);
      const expires = query.get('Expires') ?? '';
      const given = Buffer.from(query.get('Signature') ?? '');
      let digest: Digest;
      try {
        digest = checkDigest(request.path.slice(deps.prefix.length));
      } catch {
        return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      }
      const wanted = Buffer.from(sign(digest, expires));
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        return s3Error(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        );
      }
      if (Number(expires) * 1000 < deps.clock.now().getTime()) {
        return s3Error(403, 'AccessDenied', 'Request has expired');
      }
      const content = await deps.content();
      const info = await content.info(digest);
      if (!info) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      try {
        return serveBlob(content, request, digest, info.size);
      } catch (error) {
        if (!isOciError(error)) throw error;
        return s3Error(416, 'InvalidRange', 'The requested range is not satisfiable');
      }
    },
  };
}

/** S3's XML error body (its codes and texts as S3 gives them). */
function s3Error(status: number, code: string, message: string): HttpResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return { status, headers: [['Content-Type', 'application/xml']], body: Buffer.from(body) };
}
