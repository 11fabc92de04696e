import type { Clock, Random } from '../../ports/index.js';
import { BodyDigests, checkedChecksums } from './body-digests.js';
import { s3Errors } from './errors.js';
import type { ObjectBodies } from './object-bodies.js';
import type { BucketRecord, EncryptionRule, ObjectDocument, ObjectVersion, S3Store } from './store.js';

/** What a new object version is made of, besides its data. */
export interface ObjectAttributes {
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sse?: EncryptionRule;
}

/** The data of a PutObject or UploadPart, and what the client said it must hash to. */
export interface DataInput {
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Content-MD5, base64. */
  readonly contentMd5?: string;
  /** Algorithms whose `x-amz-checksum-*` the client sends (in a header or the trailer). */
  readonly algorithms: readonly string[];
  /** The sent checksums, asked once the data has been read (a trailer arrives after it). */
  readonly sentChecksums: () => ReadonlyMap<string, string>;
}

export interface WrittenData {
  readonly bodyId: string;
  readonly size: number;
  readonly md5: Buffer;
  readonly checksums: Record<string, string>;
}

/**
 * Writing object data and recording versions: data goes to the body store under a fresh id while it is digested,
 * and is checked (Content-MD5, flexible checksums) before any record points at it — a failed check leaves nothing.
 * A new version replaces the `null` version unless the bucket's versioning is Enabled (S3 "How S3 Versioning
 * works"); replaced data is deleted after the record no longer names it.
 */
export class ObjectWrites {
  readonly #store: S3Store;
  readonly #bodies: ObjectBodies;
  readonly #clock: Clock;
  readonly #random: Random;

  constructor(store: S3Store, bodies: ObjectBodies, clock: Clock, random: Random) {
    this.#store = store;
    this.#bodies = bodies;
    this.#clock = clock;
    this.#random = random;
  }

  async data(input: DataInput): Promise<WrittenData> {
    const md5Sent = input.contentMd5 === undefined ? undefined : decodeMd5(input.contentMd5);
    const digests = new BodyDigests(input.algorithms);
    const bodyId = this.newId();
    const size = await this.#bodies.write(bodyId, digests.through(input.chunks));
    try {
      const md5 = digests.md5();
      if (md5Sent !== undefined && !md5Sent.equals(md5)) throw s3Errors.badDigest();
      const checksums = checkedChecksums(digests, input.sentChecksums());
      return { bodyId, size, md5, checksums };
    } catch (error) {
      await this.#bodies.delete(bodyId);
      throw error;
    }
  }

  /** Records a new current version of `key` (data, or a delete marker); returns it. */
  async record(
    bucket: BucketRecord,
    key: string,
    version: Omit<ObjectVersion, 'versionId' | 'lastModified'>,
  ): Promise<ObjectVersion> {
    const versioned = bucket.versioning === 'Enabled';
    const stored: ObjectVersion = {
      ...version,
      versionId: versioned ? this.newVersionId() : 'null',
      lastModified: this.#clock.now().toISOString(),
    };
    const replaced = this.#store.transaction(() => {
      const current = this.#store.object(bucket.name, key);
      const keep = (current?.versions ?? []).filter((v) => versioned || v.versionId !== 'null');
      const gone = (current?.versions ?? []).filter((v) => !keep.includes(v));
      this.#store.putObject({ bucket: bucket.name, key, versions: [stored, ...keep] });
      return gone;
    });
    await this.release(replaced);
    return stored;
  }

  /** Removes one version by id; undefined when there is no such version. */
  async removeVersion(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined> {
    const removed = this.#store.transaction(() => {
      const current: ObjectDocument | undefined = this.#store.object(bucket, key);
      const found = current?.versions.find((v) => v.versionId === versionId);
      if (!current || !found) return undefined;
      this.#store.putObject({ ...current, versions: current.versions.filter((v) => v !== found) });
      return found;
    });
    if (removed) await this.release([removed]);
    return removed;
  }

  /** Deletes the data of versions no record names any more. */
  async release(versions: readonly { readonly bodyId?: string }[]): Promise<void> {
    for (const version of versions) if (version.bodyId) await this.#bodies.delete(version.bodyId);
  }

  newId(): string {
    return Buffer.from(this.#random.bytes(16)).toString('hex');
  }

  newVersionId(): string {
    return Buffer.from(this.#random.bytes(24)).toString('base64url');
  }
}

/** Content-MD5 must be the base64 of 16 bytes (InvalidDigest otherwise). */
function decodeMd5(value: string): Buffer {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== value.trim()) throw s3Errors.invalidDigest();
  return bytes;
}
