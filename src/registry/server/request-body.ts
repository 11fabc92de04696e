import { maxManifestBytes } from '../../engines/oci/index.js';
import { OciError } from './oci-errors.js';
import { matchRoute } from './route-match.js';
import { type BodyStream, header, type IncomingRequest, type ServerRequest } from './server-http.js';

/**
 * The request as the routes see it. A blob upload keeps its body as a stream, for the upload routes to stream into
 * the staging; any other body (a manifest: the only other endpoint that takes one) is read into memory, at most
 * `maxManifestBytes`, and a larger one is refused with the manifest route's 413 MANIFEST_INVALID as soon as it
 * crosses the limit, so that no request can make the server hold more.
 */
export async function receiveBody(incoming: IncomingRequest): Promise<ServerRequest> {
  const { body, ...head } = incoming;
  if (Buffer.isBuffer(body)) return { ...head, body };
  if (isUpload(incoming.path)) return { ...head, body: noBody, bodyStream: body };
  if (!hasBody(incoming)) return { ...head, body: noBody };
  return { ...head, body: await readBounded(body, maxManifestBytes) };
}

const noBody = Buffer.alloc(0);

/** Whether the request announces a body at all (most do not: GET, HEAD, DELETE). */
function hasBody(request: IncomingRequest): boolean {
  const length = header(request.headers, 'content-length');
  return (
    header(request.headers, 'transfer-encoding') !== undefined || (length !== undefined && length !== '0')
  );
}

function isUpload(path: string): boolean {
  try {
    const { kind } = matchRoute(path);
    return kind === 'uploads' || kind === 'upload';
  } catch {
    return false; // the route refuses the path itself
  }
}

async function readBounded(body: BodyStream, limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      throw new OciError(
        'MANIFEST_INVALID',
        `the request body is more than the ${limit}-byte manifest limit`,
        { limit },
        [],
        { status: 413 },
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
