import type { Persistence } from '../../ports/index.js';

/** A bucket and its settings, stored as S3 returns them (the XML documents' values). */
export interface BucketRecord {
  readonly name: string;
  readonly account: string;
  /** Its LocationConstraint's region (`us-east-1` when none was given). */
  readonly region: string;
  readonly createdAt: string;
  readonly versioning?: 'Enabled' | 'Suspended';
  readonly policy?: string;
  readonly encryption?: EncryptionRule;
  readonly publicAccessBlock?: Readonly<Record<string, boolean>>;
  /** The lifecycle rules as sent (kept, not applied: berth expires nothing). */
  readonly lifecycle?: string;
  readonly tags?: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
}

/** The bucket's default encryption (ServerSideEncryptionByDefault), recorded and answered, not performed. */
export interface EncryptionRule {
  readonly algorithm: string;
  readonly kmsKeyId?: string;
  readonly bucketKeyEnabled?: boolean;
}

/** One version of an object: its data, or a delete marker. */
export interface ObjectVersion {
  /** `null` for the version written while versioning was never enabled or is suspended. */
  readonly versionId: string;
  readonly deleteMarker?: true;
  /** Where the data is (ObjectBodies); none for a delete marker. */
  readonly bodyId?: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: string;
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Headers stored as sent and answered on GET/HEAD (Cache-Control, Content-Disposition …). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly checksums?: Readonly<Record<string, string>>;
  readonly sse?: EncryptionRule;
  readonly partCount?: number;
}

/** Every version of one key, newest first. */
export interface ObjectDocument {
  readonly bucket: string;
  readonly key: string;
  readonly versions: readonly ObjectVersion[];
}

export interface UploadPart {
  readonly number: number;
  readonly bodyId: string;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: string;
  readonly checksums?: Readonly<Record<string, string>>;
}

/** A multipart upload in progress. */
export interface UploadRecord {
  readonly id: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sse?: EncryptionRule;
  readonly parts: readonly UploadPart[];
}

const buckets = 's3-buckets';
const objects = 's3-objects';
const uploads = 's3-uploads';

/** Collections this service writes, for the persistence tests. */
export const s3Collections = [buckets, objects, uploads] as const;

/**
 * Where S3 state lives. Bucket names are global (one namespace for every account, as on AWS); objects are keyed
 * `bucket \n key`, so one bucket's keys list in key order by prefix.
 */
export class S3Store {
  readonly #db: Persistence;

  constructor(db: Persistence) {
    this.#db = db;
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn);
  }

  bucket(name: string): BucketRecord | undefined {
    return this.#db.get<BucketRecord>(buckets, name);
  }

  buckets(): BucketRecord[] {
    return this.#db.list<BucketRecord>(buckets);
  }

  putBucket(record: BucketRecord): void {
    this.#db.put(buckets, record.name, record);
  }

  deleteBucket(name: string): void {
    this.#db.delete(buckets, name);
  }

  object(bucket: string, key: string): ObjectDocument | undefined {
    return this.#db.get<ObjectDocument>(objects, objectKey(bucket, key));
  }

  /** The bucket's objects whose key starts with `prefix`, in key order. */
  objects(bucket: string, prefix = ''): ObjectDocument[] {
    return this.#db.list<ObjectDocument>(objects, { prefix: objectKey(bucket, prefix) });
  }

  putObject(document: ObjectDocument): void {
    if (document.versions.length === 0) this.#db.delete(objects, objectKey(document.bucket, document.key));
    else this.#db.put(objects, objectKey(document.bucket, document.key), document);
  }

  upload(id: string): UploadRecord | undefined {
    return this.#db.get<UploadRecord>(uploads, id);
  }

  uploads(): UploadRecord[] {
    return this.#db.list<UploadRecord>(uploads);
  }

  putUpload(record: UploadRecord): void {
    this.#db.put(uploads, record.id, record);
  }

  deleteUpload(id: string): void {
    this.#db.delete(uploads, id);
  }
}

function objectKey(bucket: string, key: string): string {
  return `${bucket}\n${key}`;
}
