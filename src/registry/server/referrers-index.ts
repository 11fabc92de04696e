import type { Digest, ManifestDocument } from '../../engines/oci/index.js';
import type { Persistence } from '../../ports/index.js';

/**
 * A referrer as the referrers API lists it (distribution-spec "Listing Referrers"): the manifest's own media type,
 * digest and size, its `artifactType` (for an image manifest without one, the config's media type; for an index
 * without one, none) and all of its annotations.
 */
export interface ReferrerDescriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

interface ReferrerEntry {
  readonly repository: string;
  readonly subject: Digest;
  readonly descriptor: ReferrerDescriptor;
}

const referrers = 'registry-referrers';

/** The descriptor a manifest is listed with under its subject; undefined when it has no `subject`. */
export function referrerOf(
  document: ManifestDocument,
  digest: Digest,
  size: number,
): { subject: Digest; descriptor: ReferrerDescriptor } | undefined {
  if (document.subject === undefined) return undefined;
  const artifactType =
    document.artifactType ?? (document.kind === 'manifest' ? document.config.mediaType : undefined);
  const descriptor: ReferrerDescriptor = {
    mediaType: document.mediaType,
    digest,
    size,
    ...(artifactType === undefined ? {} : { artifactType }),
    ...(document.annotations === undefined ? {} : { annotations: document.annotations }),
  };
  return { subject: document.subject.digest, descriptor };
}

/**
 * Which manifests of a repository name each subject, in Persistence, kept by the repository store as manifests are
 * put and deleted. The key is `repository@subject@referrer`: one repository's referrers of one subject are one
 * key range, listed in referrer-digest order.
 */
export class ReferrersIndex {
  constructor(private readonly persistence: Persistence) {}

  add(repository: string, subject: Digest, descriptor: ReferrerDescriptor): void {
    const entry: ReferrerEntry = { repository, subject, descriptor };
    this.persistence.put(referrers, key(repository, subject, descriptor.digest), entry);
  }

  remove(repository: string, subject: Digest, referrer: Digest): boolean {
    return this.persistence.delete(referrers, key(repository, subject, referrer));
  }

  /** The referrers of `subject` in `repository`, in digest order; those after `after` when given. */
  list(repository: string, subject: Digest, after?: Digest): ReferrerDescriptor[] {
    return this.persistence
      .list<ReferrerEntry>(referrers, { prefix: `${repository}@${subject}@` })
      .filter((e) => e.repository === repository && e.subject === subject)
      .map((e) => e.descriptor)
      .filter((d) => after === undefined || d.digest > after);
  }
}

function key(repository: string, subject: Digest, referrer: Digest): string {
  return `${repository}@${subject}@${referrer}`;
}
