import type { ContentStore } from '../../content/index.js';
import type { Digest } from '../../engines/oci/index.js';
import { type BlobRedirect, serveBlob } from './blob-download.js';
import { checkDigest } from './names.js';
import { OciError } from './oci-errors.js';
import type { RepositoryStore } from './repository-store.js';
import {
  type BodyStream,
  queryParams,
  respond,
  type ServerRequest,
  type ServerResponse,
} from './server-http.js';
import { chunkExpectation } from './upload-headers.js';
import { type UploadRecord, type UploadSessions, uploadHeaders } from './upload-sessions.js';

export interface BlobRoutesDeps {
  readonly content: ContentStore;
  readonly repositories: RepositoryStore;
  readonly uploads: UploadSessions;
  /**
   * Where a blob GET is sent instead of answered (ECR sends layer downloads to a pre-signed S3 URL, ref ecr §2.6),
   * asked once the blob is known to be there; undefined: answered here.
   */
  readonly redirect?: BlobRedirect;
}

/**
 * Blobs: HEAD/GET (with Range), streamed from the content store; DELETE; and uploads (POST, PATCH, PUT, GET status,
 * DELETE cancel, cross-repository mount), streamed into the upload staging. No blob is ever held whole in memory.
 */
export class BlobRoutes {
  constructor(private readonly deps: BlobRoutesDeps) {}

  async get(request: ServerRequest, name: string, digest: Digest): Promise<ServerResponse> {
    const info = this.deps.repositories.hasBlob(name, digest)
      ? await this.deps.content.info(digest)
      : undefined;
    if (!info) throw new OciError('BLOB_UNKNOWN', undefined, { digest });
    const location = request.method === 'GET' ? await this.deps.redirect?.(name, digest) : undefined;
    if (location !== undefined) {
      return respond(307, [
        ['Location', location],
        ['Docker-Content-Digest', digest],
        ['Content-Length', '0'],
      ]);
    }
    return serveBlob(this.deps.content, request, digest, info.size);
  }

  async delete(name: string, digest: Digest): Promise<ServerResponse> {
    if (!this.deps.repositories.unlinkBlob(name, digest))
      throw new OciError('BLOB_UNKNOWN', undefined, { digest });
    return respond(202, [['Content-Length', '0']]);
  }

  /** POST /v2/<name>/blobs/uploads/: monolithic with `?digest=`, a mount with `?mount=&from=`, else a session. */
  async start(request: ServerRequest, name: string): Promise<ServerResponse> {
    const query = queryParams(request.query);
    const mount = query.get('mount');
    const from = query.get('from');
    if (mount !== null && from !== null) {
      const digest = checkDigest(mount);
      if (this.deps.repositories.hasBlob(from, digest) && (await this.deps.content.info(digest))) {
        this.deps.repositories.linkBlob(name, digest);
        return created(name, digest);
      }
    }
    const digestParam = query.get('digest');
    if (digestParam !== null) {
      const digest = checkDigest(digestParam);
      const expect = chunkExpectation(request.headers);
      await this.deps.uploads.monolithic(name, digest, bodyOf(request), expect);
      this.deps.repositories.linkBlob(name, digest);
      return created(name, digest);
    }
    return accepted(await this.deps.uploads.start(name));
  }

  async status(name: string, id: string): Promise<ServerResponse> {
    const upload = await this.deps.uploads.status(name, id);
    return respond(204, [...uploadHeaders(upload), ['Content-Length', '0']]);
  }

  /** A chunk: with Content-Range it must start where the upload stands; without, it streams onto the end. */
  async patch(request: ServerRequest, name: string, id: string): Promise<ServerResponse> {
    const expect = chunkExpectation(request.headers);
    return accepted(await this.deps.uploads.append(name, id, bodyOf(request), expect));
  }

  /** The closing PUT `?digest=`, with the last chunk or none. */
  async finish(request: ServerRequest, name: string, id: string): Promise<ServerResponse> {
    const digest = checkDigest(queryParams(request.query).get('digest'));
    const expect = chunkExpectation(request.headers);
    await this.deps.uploads.finish(name, id, digest, bodyOf(request), expect);
    this.deps.repositories.linkBlob(name, digest);
    return created(name, digest);
  }

  async cancel(name: string, id: string): Promise<ServerResponse> {
    await this.deps.uploads.cancel(name, id);
    return respond(204, [['Content-Length', '0']]);
  }
}

/** The request's body as a stream: the adapter's stream for a streamed mount, else the buffered bytes. */
function bodyOf(request: ServerRequest): BodyStream {
  if (request.bodyStream) return request.bodyStream;
  const { body } = request;
  return (async function* () {
    if (body.length > 0) yield body;
  })();
}

function created(name: string, digest: Digest): ServerResponse {
  return respond(201, [
    ['Location', `/v2/${name}/blobs/${digest}`],
    ['Docker-Content-Digest', digest],
    ['Content-Length', '0'],
  ]);
}

function accepted(upload: UploadRecord): ServerResponse {
  return respond(202, [...uploadHeaders(upload), ['Content-Length', '0']]);
}
