import type { Digest } from '../../engines/oci/index.js';
import type { Persistence } from '../../ports/index.js';
import { type ReferrerDescriptor, ReferrersIndex } from './referrers-index.js';

/** A manifest a repository holds; its bytes live in the content store under `digest`. */
export interface ManifestRecord {
  readonly repository: string;
  readonly digest: Digest;
  readonly mediaType: string;
  readonly size: number;
  /** The manifest's `subject`: it is listed among that digest's referrers while it exists. */
  readonly subject?: Digest;
}

/** What `putManifest` records besides the manifest: the tag it was pushed by, and its referrers entry. */
export interface ManifestLinks {
  readonly tag?: string;
  readonly referrer?: ReferrerDescriptor;
}

export interface TagRecord {
  readonly repository: string;
  readonly tag: string;
  readonly digest: Digest;
}

interface BlobLink {
  readonly repository: string;
  readonly digest: Digest;
}

const manifests = 'registry-manifests';
const tags = 'registry-tags';
const blobs = 'registry-blob-links';

/**
 * Registry metadata in Persistence: which manifests, tags, blobs and referrers each repository holds. Blob and
 * manifest bytes are in the shared content store; a blob is visible in a repository only once linked to it (pushed
 * or mounted there).
 */
export class RepositoryStore {
  private readonly referrersIndex: ReferrersIndex;

  constructor(private readonly persistence: Persistence) {
    this.referrersIndex = new ReferrersIndex(persistence);
  }

  hasBlob(repository: string, digest: Digest): boolean {
    return this.persistence.get<BlobLink>(blobs, `${repository}@${digest}`) !== undefined;
  }

  linkBlob(repository: string, digest: Digest): void {
    this.persistence.put(blobs, `${repository}@${digest}`, { repository, digest } satisfies BlobLink);
  }

  unlinkBlob(repository: string, digest: Digest): boolean {
    return this.persistence.delete(blobs, `${repository}@${digest}`);
  }

  manifest(repository: string, digest: Digest): ManifestRecord | undefined {
    return this.persistence.get<ManifestRecord>(manifests, `${repository}@${digest}`);
  }

  tag(repository: string, tag: string): TagRecord | undefined {
    return this.persistence.get<TagRecord>(tags, `${repository}:${tag}`);
  }

  /** Records a manifest, its tag and (when it has a `subject`) its referrers entry, all or nothing. */
  putManifest(record: ManifestRecord, links: ManifestLinks = {}): void {
    const { repository, digest, subject } = record;
    this.persistence.transaction(() => {
      this.persistence.put(manifests, `${repository}@${digest}`, record);
      if (links.tag !== undefined) {
        const value: TagRecord = { repository, tag: links.tag, digest };
        this.persistence.put(tags, `${repository}:${links.tag}`, value);
      }
      if (subject !== undefined && links.referrer !== undefined)
        this.referrersIndex.add(repository, subject, links.referrer);
    });
  }

  /** Deletes a manifest, every tag pointing at it and its referrers entry; false when it was not here. */
  deleteManifest(repository: string, digest: Digest): boolean {
    return this.persistence.transaction(() => {
      const record = this.manifest(repository, digest);
      if (!record) return false;
      for (const tag of this.tags(repository)) {
        if (tag.digest === digest) this.persistence.delete(tags, `${repository}:${tag.tag}`);
      }
      if (record.subject !== undefined) this.referrersIndex.remove(repository, record.subject, digest);
      return this.persistence.delete(manifests, `${repository}@${digest}`);
    });
  }

  /** The manifests of `repository` whose `subject` is `subject`, in digest order (after `after` when given). */
  referrers(repository: string, subject: Digest, after?: Digest): ReferrerDescriptor[] {
    return this.referrersIndex.list(repository, subject, after);
  }

  deleteTag(repository: string, tag: string): boolean {
    return this.persistence.delete(tags, `${repository}:${tag}`);
  }

  tags(repository: string): TagRecord[] {
    return this.persistence
      .list<TagRecord>(tags, { prefix: `${repository}:` })
      .filter((t) => t.repository === repository);
  }

  /** The manifests `repository` holds, in digest order. */
  manifests(repository: string): ManifestRecord[] {
    return this.persistence
      .list<ManifestRecord>(manifests, { prefix: `${repository}@` })
      .filter((m) => m.repository === repository);
  }

  /**
   * Forgets everything `repository` holds — manifests, tags, referrers and blob links — all or nothing (an ECR
   * repository deleted with `force`). The bytes stay in the content store, which other repositories share.
   */
  clear(repository: string): void {
    this.persistence.transaction(() => {
      for (const m of this.manifests(repository)) this.deleteManifest(repository, m.digest);
      for (const link of this.persistence.list<BlobLink>(blobs, { prefix: `${repository}@` })) {
        if (link.repository === repository) this.unlinkBlob(repository, link.digest);
      }
    });
  }

  /** Whether the repository holds anything at all. */
  exists(repository: string): boolean {
    return (
      this.persistence
        .list<ManifestRecord>(manifests, { prefix: `${repository}@` })
        .some((m) => m.repository === repository) ||
      this.persistence
        .list<BlobLink>(blobs, { prefix: `${repository}@` })
        .some((b) => b.repository === repository)
    );
  }

  repositories(): string[] {
    const names = new Set<string>();
    for (const m of this.persistence.list<ManifestRecord>(manifests)) names.add(m.repository);
    return [...names].sort();
  }
}
