import type { ContentStore } from '../../content/index.js';
import type { Digest } from '../../engines/oci/index.js';
import { OciError } from './oci-errors.js';
import { header, respond, type ServerRequest, type ServerResponse } from './server-http.js';

/** The URL a blob GET of `repository` is redirected to, or undefined to answer it directly. */
export type BlobRedirect = (repository: string, digest: Digest) => Promise<string | undefined>;

/**
 * A blob's bytes (HEAD: its headers only), streamed from the content store, with Range (206) for resumed
 * downloads: what the registry answers at `/v2/<name>/blobs/<digest>`, and what a redirect's target answers.
 */
export function serveBlob(
  content: ContentStore,
  request: Pick<ServerRequest, 'method' | 'headers'>,
  digest: Digest,
  size: number,
): ServerResponse {
  const range = parseRange(header(request.headers, 'range'), size);
  const start = range?.start ?? 0;
  const length = range ? range.end - range.start + 1 : size;
  const headers: Array<[string, string]> = [
    ['Docker-Content-Digest', digest],
    ['Content-Type', 'application/octet-stream'],
    ['Accept-Ranges', 'bytes'],
    ['Content-Length', String(length)],
  ];
  if (range) headers.push(['Content-Range', `bytes ${range.start}-${range.end}/${size}`]);
  const status = range ? 206 : 200;
  if (request.method === 'HEAD') return respond(status, headers);
  // The adapter hands each chunk to the socket before it asks for the one after next: buffers may be recycled.
  const chunks = content.read(digest, { start, recycle: true });
  return respond(status, headers, take(chunks, length));
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

/** The first `length` bytes of a stream; leaving early closes the source (the blob's file handle). */
async function* take(source: AsyncIterable<Uint8Array>, length: number): AsyncIterable<Uint8Array> {
  let left = length;
  if (left === 0) return;
  for await (const chunk of source) {
    if (chunk.byteLength >= left) {
      yield chunk.byteLength === left ? chunk : chunk.subarray(0, left);
      return;
    }
    left -= chunk.byteLength;
    yield chunk;
  }
}
