import { createHash } from 'node:crypto';
import type { RequestContext, RestOutput, RestRequest, XmlObject } from '../../aws/index.js';
import type { Buckets } from './buckets.js';
import { type KeyListing, listKeys } from './domain/list-keys.js';
import { s3Errors } from './errors.js';
import type { ObjectDocument, S3Store } from './store.js';

/**
 * ListObjectsV2, ListObjects (v1) and ListObjectVersions: one page of a bucket's keys with S3's prefix, delimiter,
 * max-keys and marker rules (domain/list-keys.ts), written as S3's `ListBucketResult` / `ListVersionsResult`. With
 * `encoding-type=url` (the AWS CLI asks for it) keys and prefixes are URL-encoded, as S3 does.
 */
export class ObjectLists {
  readonly #store: S3Store;
  readonly #buckets: Buckets;

  constructor(store: S3Store, buckets: Buckets) {
    this.#store = store;
    this.#buckets = buckets;
  }

  async v2(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const bucket = await this.#buckets.authorized(ctx, request.bucket, 'ListBucket');
    const token = request.query('continuation-token');
    const startAfter = request.query('start-after');
    const listing = readListing(request, token === undefined ? (startAfter ?? '') : tokenKey(token));
    const page = listKeys(this.#current(bucket.name, listing.prefix), (doc) => doc.key, listing);
    const encode = encoder(request);
    const value: XmlObject = {
      Name: bucket.name,
      Prefix: encode(listing.prefix),
      Delimiter: listing.delimiter === '' ? undefined : encode(listing.delimiter),
      MaxKeys: listing.maxKeys,
      EncodingType: request.query('encoding-type'),
      KeyCount: page.items.length + page.commonPrefixes.length,
      IsTruncated: page.truncated,
      ContinuationToken: token,
      NextContinuationToken: page.truncated && page.last !== undefined ? keyToken(page.last) : undefined,
      StartAfter: startAfter === undefined ? undefined : encode(startAfter),
      Contents: page.items.map((doc) =>
        contents(doc, encode, request.query('fetch-owner') === 'true', bucket.account),
      ),
      CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
    };
    return { xml: { root: 'ListBucketResult', value } };
  }

  async v1(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const bucket = await this.#buckets.authorized(ctx, request.bucket, 'ListBucket');
    const marker = request.query('marker') ?? '';
    const listing = readListing(request, marker);
    const page = listKeys(this.#current(bucket.name, listing.prefix), (doc) => doc.key, listing);
    const encode = encoder(request);
    const value: XmlObject = {
      Name: bucket.name,
      Prefix: encode(listing.prefix),
      Marker: encode(marker),
      NextMarker: page.truncated && listing.delimiter !== '' ? encode(page.last ?? '') : undefined,
      MaxKeys: listing.maxKeys,
      Delimiter: listing.delimiter === '' ? undefined : encode(listing.delimiter),
      EncodingType: request.query('encoding-type'),
      IsTruncated: page.truncated,
      Contents: page.items.map((doc) => contents(doc, encode, true, bucket.account)),
      CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
    };
    return { xml: { root: 'ListBucketResult', value } };
  }

  /** ListObjectVersions: every version and delete marker, newest first per key; pages end on a key boundary. */
  async versions(ctx: RequestContext, request: RestRequest): Promise<RestOutput> {
    const bucket = await this.#buckets.authorized(ctx, request.bucket, 'ListBucketVersions');
    const keyMarker = request.query('key-marker') ?? '';
    const listing = readListing(request, keyMarker);
    const page = listKeys(this.#store.objects(bucket.name, listing.prefix), (doc) => doc.key, listing);
    const encode = encoder(request);
    const owner = ownerOf(bucket.account);
    const versions: XmlObject[] = [];
    const markers: XmlObject[] = [];
    for (const doc of page.items) {
      doc.versions.forEach((version, index) => {
        const common = {
          Key: encode(doc.key),
          VersionId: version.versionId,
          IsLatest: index === 0,
          LastModified: new Date(version.lastModified),
        };
        if (version.deleteMarker) markers.push({ ...common, Owner: owner });
        else {
          versions.push({
            ...common,
            ETag: version.etag,
            Size: version.size,
            StorageClass: 'STANDARD',
            Owner: owner,
          });
        }
      });
    }
    const value: XmlObject = {
      Name: bucket.name,
      Prefix: encode(listing.prefix),
      KeyMarker: encode(keyMarker),
      VersionIdMarker: request.query('version-id-marker') ?? '',
      NextKeyMarker: page.truncated ? encode(page.last ?? '') : undefined,
      MaxKeys: listing.maxKeys,
      Delimiter: listing.delimiter === '' ? undefined : encode(listing.delimiter),
      EncodingType: request.query('encoding-type'),
      IsTruncated: page.truncated,
      Version: versions,
      DeleteMarker: markers,
      CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
    };
    return { xml: { root: 'ListVersionsResult', value } };
  }

  /** The keys whose current version is data (a delete marker hides its key from plain listings). */
  #current(bucket: string, prefix: string): ObjectDocument[] {
    return this.#store.objects(bucket, prefix).filter((doc) => !doc.versions[0]?.deleteMarker);
  }
}

function readListing(request: RestRequest, after: string): KeyListing {
  const raw = request.query('max-keys');
  const maxKeys = raw === undefined ? 1000 : Number(raw);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    throw s3Errors.invalidArgument(
      'Provided max-keys not an integer or within integer range',
      'max-keys',
      raw,
    );
  }
  return {
    prefix: request.query('prefix') ?? '',
    delimiter: request.query('delimiter') ?? '',
    maxKeys: Math.min(maxKeys, 1000),
    after,
  };
}

function contents(
  doc: ObjectDocument,
  encode: (text: string) => string,
  withOwner: boolean,
  account: string,
) {
  const version = doc.versions[0]!;
  return {
    Key: encode(doc.key),
    LastModified: new Date(version.lastModified),
    ETag: version.etag,
    Size: version.size,
    Owner: withOwner ? ownerOf(account) : undefined,
    StorageClass: 'STANDARD',
  };
}

/** An account's canonical user as S3 names owners: a 64-hex ID (berth derives it from the account id). */
export function ownerOf(account: string): XmlObject {
  return { ID: createHash('sha256').update(`berth-s3-owner:${account}`).digest('hex'), DisplayName: account };
}

function encoder(request: RestRequest): (text: string) => string {
  if (request.query('encoding-type') !== 'url') return (text) => text;
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/');
}

/** Continuation tokens are opaque to clients; berth's carry the last key returned. */
function keyToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function tokenKey(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (keyToken(key) !== token) {
    throw s3Errors.invalidArgument(
      'The continuation token provided is incorrect',
      'continuation-token',
      token,
    );
  }
  return key;
}
