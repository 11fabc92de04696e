import { createHash } from 'node:crypto';
import {
  children,
  childText,
  type RequestContext,
  type RestOutput,
  type RestRequest,
} from '../../aws/index.js';
import type { Clock } from '../../ports/index.js';
import type { Buckets } from './buckets.js';
import { s3Errors } from './errors.js';
import { document } from './input/bucket-settings.js';
import type { ObjectBodies } from './object-bodies.js';
import {
  checksumHeaders,
  encryptionHeaders,
  objectAttributes,
  sentAlgorithms,
  sentChecksums,
} from './object-headers.js';
import type { ObjectWrites } from './object-writes.js';
import { contentMd5, writeHeaders } from './objects.js';
import type { S3Store, UploadPart, UploadRecord } from './store.js';

/** Every part but the last must be at least 5 MiB (S3 "Amazon S3 multipart upload limits"). */
const minPartBytes = 5 * 1024 * 1024;
const maxPartNumber = 10_000;

/**
 * Multipart uploads (S3 "Uploading and copying objects using multipart upload"), as the AWS CLI uses them for files
 * over 8 MB: parts are stored as bodies of their own, and completing concatenates the listed parts into one body
 * whose ETag is the MD5 of the parts' MD5s followed by `-<count>`, as S3 computes it.
 */
export class Multipart {
  readonly #store: S3Store;
  readonly #buckets: Buckets;
  readonly #writes: ObjectWrites;
  readonly #bodies: ObjectBodies;
  readonly #clock: Clock;

  constructor(store: S3Store, buckets: Buckets, writes: ObjectWrites, bodies: ObjectBodies, clock: Clock) {
    this.#store = store;
    this.#buckets = buckets;
    this.#writes = writes;
    this.#bodies = bodies;
    this.#clock = clock;
  }

  async create(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const bucket = await this.#buckets.authorized(ctx, request.bucket, 'PutObject', request.key);
    const upload: UploadRecord = {
      ...objectAttributes(request, bucket),
      id: this.#writes.newVersionId(),
      bucket: bucket.name,
      key: request.key,
      initiated: this.#clock.now().toISOString(),
      parts: [],
    };
    this.#store.putUpload(upload);
    return {
      headers: encryptionHeaders(upload.sse),
      xml: {
        root: 'InitiateMultipartUploadResult',
        value: { Bucket: upload.bucket, Key: upload.key, UploadId: upload.id },
      },
    };
  }

  async uploadPart(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const number = partNumber(request.query('partNumber'));
    await this.#buckets.authorized(ctx, request.bucket, 'PutObject', request.key);
    const upload = this.#upload(request);
    const data = await this.#writes.data({
      chunks: request.payload,
      ...contentMd5(request),
      algorithms: sentAlgorithms(request),
      sentChecksums: () => sentChecksums(request),
    });
    const part: UploadPart = {
      number,
      bodyId: data.bodyId,
      etag: `"${data.md5.toString('hex')}"`,
      size: data.size,
      lastModified: this.#clock.now().toISOString(),
      checksums: data.checksums,
    };
    const replaced = this.#store.transaction(() => {
      const current = this.#store.upload(upload.id);
      if (!current) return [part];
      const old = current.parts.filter((p) => p.number === number);
      const parts = [...current.parts.filter((p) => p.number !== number), part].sort(
        (a, b) => a.number - b.number,
      );
      this.#store.putUpload({ ...current, parts });
      return old;
    });
    await this.#writes.release(replaced);
    return {
      headers: [['ETag', part.etag], ...encryptionHeaders(upload.sse), ...checksumHeaders(part.checksums)],
    };
  }

  async complete(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const bucket = await this.#buckets.authorized(ctx, request.bucket, 'PutObject', request.key);
    const upload = this.#upload(request);
    const root = document(await request.xml(), 'CompleteMultipartUpload');
    const listed = children(root, 'Part').map((node) => ({
      number: Number(childText(node, 'PartNumber')),
      etag: (childText(node, 'ETag') ?? '').replace(/"/g, ''),
    }));
    if (listed.length === 0) throw s3Errors.malformedXml();
    const parts = listed.map((wanted, index) => {
      if (index > 0 && wanted.number <= listed[index - 1]!.number) throw s3Errors.invalidPartOrder();
      const part = upload.parts.find((p) => p.number === wanted.number);
      if (!part || part.etag.replace(/"/g, '') !== wanted.etag) throw s3Errors.invalidPart();
      return part;
    });
    if (parts.slice(0, -1).some((part) => part.size < minPartBytes)) throw s3Errors.entityTooSmall();
    const data = await this.#writes.data({
      chunks: this.#concat(parts),
      algorithms: [],
      sentChecksums: () => new Map(),
    });
    const md5s = Buffer.concat(parts.map((part) => Buffer.from(part.etag.replace(/"/g, ''), 'hex')));
    const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
    const version = await this.#writes.record(bucket, upload.key, {
      ...(upload.contentType !== undefined ? { contentType: upload.contentType } : {}),
      ...(upload.metadata ? { metadata: upload.metadata } : {}),
      ...(upload.headers ? { headers: upload.headers } : {}),
      ...(upload.sse ? { sse: upload.sse } : {}),
      bodyId: data.bodyId,
      size: data.size,
      etag,
      partCount: parts.length,
    });
    this.#store.deleteUpload(upload.id);
    await this.#writes.release(upload.parts);
    return {
      headers: writeHeaders(version, bucket),
      xml: {
        root: 'CompleteMultipartUploadResult',
        value: {
          Location: `/${bucket.name}/${upload.key}`,
          Bucket: bucket.name,
          Key: upload.key,
          ETag: etag,
        },
      },
    };
  }

  async abort(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    await this.#buckets.authorized(ctx, request.bucket, 'AbortMultipartUpload', request.key);
    const upload = this.#upload(request);
    this.#store.deleteUpload(upload.id);
    await this.#writes.release(upload.parts);
    return { status: 204 };
  }

  async listParts(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    await this.#buckets.authorized(ctx, request.bucket, 'ListMultipartUploadParts', request.key);
    const upload = this.#upload(request);
    const marker = Number(request.query('part-number-marker') ?? 0) || 0;
    const max = Math.min(Number(request.query('max-parts') ?? 1000) || 1000, 1000);
    const after = upload.parts.filter((part) => part.number > marker);
    const page = after.slice(0, max);
    return {
      xml: {
        root: 'ListPartsResult',
        value: {
          Bucket: upload.bucket,
          Key: upload.key,
          UploadId: upload.id,
          PartNumberMarker: marker,
          NextPartNumberMarker: page.at(-1)?.number ?? marker,
          MaxParts: max,
          IsTruncated: after.length > page.length,
          Part: page.map((part) => ({
            PartNumber: part.number,
            LastModified: new Date(part.lastModified),
            ETag: part.etag,
            Size: part.size,
          })),
          StorageClass: 'STANDARD',
        },
      },
    };
  }

  async listUploads(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const bucket = await this.#buckets.authorized(ctx, request.bucket, 'ListBucketMultipartUploads');
    const prefix = request.query('prefix') ?? '';
    const uploads = this.#store
      .uploads()
      .filter((upload) => upload.bucket === bucket.name && upload.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated.localeCompare(b.initiated)));
    return {
      xml: {
        root: 'ListMultipartUploadsResult',
        value: {
          Bucket: bucket.name,
          KeyMarker: '',
          UploadIdMarker: '',
          Prefix: prefix,
          MaxUploads: 1000,
          IsTruncated: false,
          Upload: uploads.map((upload) => ({
            Key: upload.key,
            UploadId: upload.id,
            Initiated: new Date(upload.initiated),
            StorageClass: 'STANDARD',
          })),
        },
      },
    };
  }

  #upload(request: RestRequest): UploadRecord {
    const id = request.query('uploadId') ?? '';
    const upload = this.#store.upload(id);
    if (!upload || upload.bucket !== request.bucket || upload.key !== request.key)
      throw s3Errors.noSuchUpload(id);
    return upload;
  }

  async *#concat(parts: readonly UploadPart[]): AsyncGenerator<Uint8Array> {
    for (const part of parts) yield* this.#bodies.read(part.bodyId);
  }
}

function partNumber(value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > maxPartNumber) {
    throw s3Errors.invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      value ?? '',
    );
  }
  return number;
}
