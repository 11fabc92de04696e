import type { ContentStore } from '../../content/index.js';
import type { Digest } from '../../engines/oci/index.js';
import { BerthError } from '../../errors/index.js';
import { checkDigest } from './names.js';
import { OciError } from './oci-errors.js';
import type { RepositoryStore } from './repository-store.js';
import { header, queryParams, respond, type ServerRequest, type ServerResponse } from './server-http.js';
import { rangeHeader, type UploadSession, type UploadSessions } from './upload-sessions.js';

export interface BlobRoutesDeps {
  readonly content: ContentStore;
  readonly repositories: RepositoryStore;
  readonly uploads: UploadSessions;
}

/** Blobs: HEAD/GET (with Range), DELETE, and uploads (POST, PATCH, PUT, GET status, DELETE cancel, mount). */
export class BlobRoutes {
  constructor(private readonly deps: BlobRoutesDeps) {}

  async get(request: ServerRequest, name: string, digest: Digest): Promise<ServerResponse> {
    const info = this.deps.repositories.hasBlob(name, digest)
      ? await this.deps.content.info(digest)
      : undefined;
    if (!info) throw new OciError('BLOB_UNKNOWN', undefined, { digest });
    const base: Array<[string, string]> = [
      ['Docker-Content-Digest', digest],
      ['Content-Type', 'application/octet-stream'],
      ['Accept-Ranges', 'bytes'],
    ];
    const range = parseRange(header(request.headers, 'range'), info.size);
    const start = range?.start ?? 0;
    const end = range?.end ?? info.size - 1;
    const length = Math.max(0, end - start + 1);
    const headers: Array<[string, string]> = [...base, ['Content-Length', String(length)]];
    if (range) headers.push(['Content-Range', `bytes ${start}-${end}/${info.size}`]);
    const status = range ? 206 : 200;
    if (request.method === 'HEAD') return respond(status, headers);
    const chunks: Buffer[] = [];
    let have = 0;
    for await (const chunk of this.deps.content.read(digest, { start })) {
      const take = Math.min(chunk.length, length - have);
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, take));
      have += take;
      if (have >= length) break;
    }
    return respond(status, headers, Buffer.concat(chunks, have));
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
      await this.commit(name, digest, [request.body]);
      return created(name, digest);
    }
    return accepted(this.deps.uploads.start(name));
  }

  async status(name: string, id: string): Promise<ServerResponse> {
    const session = this.deps.uploads.get(name, id);
    return respond(204, [...sessionHeaders(session), ['Content-Length', '0']]);
  }

  async patch(request: ServerRequest, name: string, id: string): Promise<ServerResponse> {
    const session = this.deps.uploads.get(name, id);
    const range = header(request.headers, 'content-range');
    let start: number | undefined;
    if (range !== undefined) {
      const match = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/\d+|\/\*)?$/.exec(range.trim());
      if (!match) throw new OciError('RANGE_INVALID', `invalid Content-Range ${JSON.stringify(range)}`);
      start = Number(match[1]);
      const end = Number(match[2]);
      if (end - start + 1 !== request.body.length) {
        throw new OciError(
          'RANGE_INVALID',
          `Content-Range ${range} does not match a ${request.body.length}-byte body`,
        );
      }
    }
    this.deps.uploads.append(session, request.body, start);
    return accepted(session);
  }

  async finish(request: ServerRequest, name: string, id: string): Promise<ServerResponse> {
    const session = this.deps.uploads.get(name, id);
    const digest = checkDigest(queryParams(request.query).get('digest'));
    this.deps.uploads.append(session, request.body);
    this.deps.uploads.remove(id);
    await this.commit(name, digest, session.chunks);
    return created(name, digest);
  }

  async cancel(name: string, id: string): Promise<ServerResponse> {
    this.deps.uploads.get(name, id);
    this.deps.uploads.remove(id);
    return respond(204, [['Content-Length', '0']]);
  }

  /** Ingests the bytes under their expected digest (verified, atomically committed) and links the blob here. */
  private async commit(name: string, digest: Digest, chunks: readonly Buffer[]): Promise<void> {
    const size = chunks.reduce((sum, c) => sum + c.length, 0);
    try {
      await this.deps.content.ingest({ digest, size }, async () => iterate(chunks));
    } catch (error) {
      if (
        error instanceof BerthError &&
        (error.code === 'BERTH_DIGEST_MISMATCH' || error.code === 'BERTH_SIZE_MISMATCH')
      ) {
        throw new OciError('DIGEST_INVALID', undefined, { digest });
      }
      throw error;
    }
    this.deps.repositories.linkBlob(name, digest);
  }
}

async function* iterate(chunks: readonly Buffer[]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

function created(name: string, digest: Digest): ServerResponse {
  return respond(201, [
    ['Location', `/v2/${name}/blobs/${digest}`],
    ['Docker-Content-Digest', digest],
    ['Content-Length', '0'],
  ]);
}

function accepted(session: UploadSession): ServerResponse {
  return respond(202, [...sessionHeaders(session), ['Content-Length', '0']]);
}

function sessionHeaders(session: UploadSession): Array<[string, string]> {
  return [
    ['Location', `/v2/${session.repository}/blobs/uploads/${session.id}`],
    ['Range', rangeHeader(session.size)],
    ['Docker-Upload-UUID', session.id],
  ];
}

/** `bytes=START-END` or `bytes=START-`; RANGE_INVALID when malformed or past the end. */
function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(value.trim());
  if (!match) throw new OciError('RANGE_INVALID', `invalid Range ${JSON.stringify(value)}`);
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) {
    throw new OciError('RANGE_INVALID', `range ${value} is outside a ${size}-byte blob`, undefined, [
      ['Content-Range', `bytes */${size}`],
    ]);
  }
  return { start, end };
}
