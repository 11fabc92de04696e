import type { RequestContext, RestOutput, RestRequest } from '../../aws/index.js';
import type { Buckets } from './buckets.js';
import { byteRange } from './domain/byte-range.js';
import { s3Errors } from './errors.js';
import type { ObjectBodies } from './object-bodies.js';
import {
  checksumHeaders,
  encryptionHeaders,
  objectAttributes,
  sentAlgorithms,
  sentChecksums,
  versionHeaders,
} from './object-headers.js';
import type { ObjectWrites } from './object-writes.js';
import type { BucketRecord, ObjectVersion, S3Store } from './store.js';

/** A delete's outcome, as DeleteObject's headers and DeleteObjects' `<Deleted>` entries tell it. */
export interface DeleteOutcome {
  readonly versionId?: string;
  readonly deleteMarker?: boolean;
}

/** PutObject, GetObject, HeadObject, DeleteObject and CopyObject over the store and the bodies. */
export class Objects {
  readonly #store: S3Store;
  readonly #buckets: Buckets;
  readonly #writes: ObjectWrites;
  readonly #bodies: ObjectBodies;

  constructor(store: S3Store, buckets: Buckets, writes: ObjectWrites, bodies: ObjectBodies) {
    this.#store = store;
    this.#buckets = buckets;
    this.#writes = writes;
    this.#bodies = bodies;
  }

  async put(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const bucket = await this.#buckets.authorized(ctx, request.bucket, 'PutObject', request.key);
    const attributes = objectAttributes(request, bucket);
    const data = await this.#writes.data({
      chunks: request.payload,
      ...contentMd5(request),
      algorithms: sentAlgorithms(request),
      sentChecksums: () => sentChecksums(request),
    });
    const version = await this.#writes.record(bucket, request.key, {
      ...attributes,
      bodyId: data.bodyId,
      size: data.size,
      etag: `"${data.md5.toString('hex')}"`,
      checksums: data.checksums,
    });
    return { headers: writeHeaders(version, bucket) };
  }

  /** GetObject (`head` false) and HeadObject: Range, If-Match / If-None-Match, a version by id. */
  async get(ctx: RequestContext, request: RestRequest, head: boolean): Promise<RestOutput> {
    const versionId = request.query('versionId');
    const action = versionId === undefined ? 'GetObject' : 'GetObjectVersion';
    const bucket = await this.#buckets.authorized(ctx, request.bucket, action, request.key);
    const version = this.version(bucket, request.key, versionId);
    const headers = versionHeaders(version, bucket.versioning !== undefined);
    const ifMatch = request.header('if-match');
    if (ifMatch !== undefined && !etagMatches(ifMatch, version.etag))
      throw s3Errors.preconditionFailed('If-Match');
    const ifNoneMatch = request.header('if-none-match');
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, version.etag)) return { status: 304, headers };
    const range = byteRange(request.header('range'), version.size);
    if (range === 'unsatisfiable') throw s3Errors.invalidRange(version.size);
    // Full-object checksums describe the whole body, so a range is answered without them.
    if (!range && request.header('x-amz-checksum-mode') === 'ENABLED') {
      headers.push(...checksumHeaders(version.checksums));
    }
    const length = range ? range.end - range.start + 1 : version.size;
    headers.push(['Content-Length', String(length)]);
    if (range) headers.push(['Content-Range', `bytes ${range.start}-${range.end}/${version.size}`]);
    const status = range ? 206 : 200;
    if (head || length === 0 || !version.bodyId) return { status, headers };
    return { status, headers, stream: this.#bodies.read(version.bodyId, range) };
  }

  /** The current version of a key (or the one named), never a delete marker. */
  version(bucket: BucketRecord, key: string, versionId: string | undefined): ObjectVersion {
    const versions = this.#store.object(bucket.name, key)?.versions ?? [];
    if (versionId !== undefined) {
      const found = versions.find((v) => v.versionId === versionId);
      if (!found) throw s3Errors.noSuchVersion(key, versionId);
      if (found.deleteMarker) throw s3Errors.noSuchKey(key);
      return found;
    }
    const current = versions[0];
    if (!current || current.deleteMarker) throw s3Errors.noSuchKey(key);
    return current;
  }

  /**
   * DeleteObject: without a version id, a versioned bucket gets a delete marker (S3 "Deleting object versions"),
   * an unversioned one loses the object; with one, that version goes. Deleting what is not there succeeds.
   */
  async delete(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const versionId = request.query('versionId');
    const action = versionId === undefined ? 'DeleteObject' : 'DeleteObjectVersion';
    const bucket = await this.#buckets.authorized(ctx, request.bucket, action, request.key);
    const outcome = await this.deleteKey(bucket, request.key, versionId);
    const headers: Array<[string, string]> = [];
    if (outcome.deleteMarker) headers.push(['x-amz-delete-marker', 'true']);
    if (outcome.versionId !== undefined) headers.push(['x-amz-version-id', outcome.versionId]);
    return { status: 204, headers };
  }

  /** Deletes one key or version in an authorized bucket (DeleteObject, each entry of DeleteObjects). */
  async deleteKey(bucket: BucketRecord, key: string, versionId: string | undefined): Promise<DeleteOutcome> {
    if (versionId !== undefined) {
      const removed = await this.#writes.removeVersion(bucket.name, key, versionId);
      return { versionId, ...(removed?.deleteMarker ? { deleteMarker: true } : {}) };
    }
    if (bucket.versioning === undefined) {
      await this.#writes.removeVersion(bucket.name, key, 'null');
      return {};
    }
    const marker = await this.#writes.record(bucket, key, { deleteMarker: true, size: 0, etag: '' });
    return { versionId: marker.versionId, deleteMarker: true };
  }

  /**
   * CopyObject: `x-amz-copy-source` is `bucket/key` (URL-encoded, optionally `?versionId=`); s3:GetObject on the
   * source and s3:PutObject on the target. Metadata is copied unless `x-amz-metadata-directive: REPLACE`.
   */
  async copy(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const source = copySource(request.header('x-amz-copy-source') ?? '');
    const from = await this.#buckets.authorized(
      ctx,
      source.bucket,
      source.versionId === undefined ? 'GetObject' : 'GetObjectVersion',
      source.key,
    );
    const original = this.version(from, source.key, source.versionId);
    const bucket = await this.#buckets.authorized(ctx, request.bucket, 'PutObject', request.key);
    const replace = request.header('x-amz-metadata-directive') === 'REPLACE';
    const attributes = replace
      ? objectAttributes(request, bucket)
      : {
          contentType: original.contentType,
          metadata: original.metadata,
          headers: original.headers,
          sse: objectAttributes(request, bucket).sse,
        };
    const data = await this.#writes.data({
      chunks: original.bodyId ? this.#bodies.read(original.bodyId) : empty(),
      algorithms: [],
      sentChecksums: () => new Map(),
    });
    const version = await this.#writes.record(bucket, request.key, {
      ...attributes,
      bodyId: data.bodyId,
      size: data.size,
      etag: `"${data.md5.toString('hex')}"`,
    });
    const headers = writeHeaders(version, bucket);
    if (from.versioning !== undefined) headers.push(['x-amz-copy-source-version-id', original.versionId]);
    return {
      headers,
      xml: {
        root: 'CopyObjectResult',
        value: { ETag: version.etag, LastModified: new Date(version.lastModified) },
      },
    };
  }
}

/** The headers of a write's answer: ETag, version, encryption, checksums. */
export function writeHeaders(version: ObjectVersion, bucket: BucketRecord): Array<[string, string]> {
  const headers: Array<[string, string]> = [['ETag', version.etag]];
  if (bucket.versioning !== undefined) headers.push(['x-amz-version-id', version.versionId]);
  headers.push(...encryptionHeaders(version.sse), ...checksumHeaders(version.checksums));
  return headers;
}

export function contentMd5(request: RestRequest): { contentMd5?: string } {
  const value = request.header('content-md5');
  return value === undefined ? {} : { contentMd5: value };
}

/** `If-Match`/`If-None-Match`: `*` or a list of entity tags, quoted or not. */
function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return header.split(',').some((tag) => {
    const wanted = tag.trim().replace(/^W\//, '').replace(/"/g, '');
    return wanted === '*' || wanted === bare;
  });
}

function copySource(header: string): { bucket: string; key: string; versionId?: string } {
  const [path = '', query = ''] = header.split('?');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.startsWith('/') ? path.slice(1) : path);
  } catch {
    decoded = '';
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw s3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', header);
  }
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined;
  return {
    bucket: decoded.slice(0, slash),
    key: decoded.slice(slash + 1),
    ...(versionId !== undefined ? { versionId } : {}),
  };
}

async function* empty(): AsyncGenerator<Uint8Array> {}
