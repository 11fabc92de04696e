import type { Digest } from '../../engines/oci/index.js';
import type { Persistence } from '../../ports/index.js';

/** A manifest a repository holds; its bytes live in the content store under `digest`. */
export interface ManifestRecord {
  readonly repository: string;
  readonly digest: Digest;
  readonly mediaType: string;
  readonly size: number;
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
 * Registry metadata in Persistence: which manifests, tags and blobs each repository holds. Blob and manifest
 * bytes are in the shared content store; a blob is visible in a repository only once linked to it (pushed or
 * mounted there).
 */
export class RepositoryStore {
  constructor(private readonly persistence: Persistence) {}

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

  putManifest(record: ManifestRecord, tag?: string): void {
    this.persistence.transaction(() => {
      this.persistence.put(manifests, `${record.repository}@${record.digest}`, record);
      if (tag !== undefined) {
        const value: TagRecord = { repository: record.repository, tag, digest: record.digest };
        this.persistence.put(tags, `${record.repository}:${tag}`, value);
      }
    });
  }

  /** Deletes a manifest and every tag pointing at it. */
  deleteManifest(repository: string, digest: Digest): boolean {
    return this.persistence.transaction(() => {
      for (const tag of this.tags(repository)) {
        if (tag.digest === digest) this.persistence.delete(tags, `${repository}:${tag.tag}`);
      }
      return this.persistence.delete(manifests, `${repository}@${digest}`);
    });
  }

  deleteTag(repository: string, tag: string): boolean {
    return this.persistence.delete(tags, `${repository}:${tag}`);
  }

  tags(repository: string): TagRecord[] {
    return this.persistence
      .list<TagRecord>(tags, { prefix: `${repository}:` })
      .filter((t) => t.repository === repository);
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
