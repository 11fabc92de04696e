/**
 * What ECR needs of berth's registry, whose repositories hold ECR's images: ECR repository `x` of account A in region
 * R is the registry repository `A.dkr.ecr.R/x` (engines/ecr), in the same content store and repository store as
 * the built-in registry, so an image pushed with skopeo is the one DescribeImages lists and BatchGetImage returns.
 * The composition implements it over registry/server (a service never imports the registry).
 */
export interface StoredManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface StoredTag {
  readonly tag: string;
  readonly digest: string;
}

/** Why the registry refused a manifest, in the registry's words. */
export interface ManifestRefusal {
  readonly refused: 'blob-unknown' | 'invalid' | 'digest-mismatch';
  readonly message: string;
}

export interface EcrImageStore {
  manifests(repository: string): StoredManifest[];
  tags(repository: string): StoredTag[];
  manifest(repository: string, digest: string): StoredManifest | undefined;
  readManifest(digest: string): Promise<Buffer>;
  /** The size of every layer and config a manifest names (for imageSizeInBytes), 0 when unreadable. */
  imageSize(digest: string): Promise<number>;
  /**
   * Stores a manifest (checked as a registry push checks it: media type, shape, every blob present in the
   * repository) and tags it; the digest it is stored under, or why it was refused.
   */
  putManifest(
    repository: string,
    bytes: Buffer,
    mediaType: string | undefined,
    tag: string | undefined,
  ): Promise<{ digest: string } | ManifestRefusal>;
  deleteManifest(repository: string, digest: string): boolean;
  deleteTag(repository: string, tag: string): boolean;
  /** Whether the blob is in the repository, and its size. */
  blob(repository: string, digest: string): Promise<{ size: number } | undefined>;
  /** Stores a blob whose bytes must hash to `digest`, and links it to the repository; false on a mismatch. */
  ingestBlob(repository: string, digest: string, bytes: Buffer): Promise<boolean>;
  /** Removes everything the repository holds (its blobs stay in the content store for other repositories). */
  clear(repository: string): void;
}

/** Why an upload step was refused, in the registry's terms. */
export type UploadRefusal = 'unknown' | 'not-consecutive' | 'digest-mismatch';

/**
 * The layer-upload API's sessions (InitiateLayerUpload … CompleteLayerUpload), durable as the registry's uploads are:
 * bytes staged on disk, records in the database, so an upload survives a restart of `berth up`. The composition
 * implements it over the registry's upload sessions, in a collection and staging of their own.
 */
export interface EcrLayerUploads {
  start(repository: string): Promise<string>;
  /** The bytes received so far; undefined when the repository has no such upload. */
  size(repository: string, id: string): Promise<number | undefined>;
  /** Appends a part that starts at byte `first`; the new size. */
  append(
    repository: string,
    id: string,
    first: number,
    bytes: Uint8Array,
  ): Promise<{ size: number } | { refused: UploadRefusal }>;
  /** Verifies the bytes against `digest`, stores the blob and links it to the repository; the upload is gone. */
  finish(repository: string, id: string, digest: string): Promise<{ ok: true } | { refused: UploadRefusal }>;
  cancel(repository: string, id: string): Promise<void>;
}
