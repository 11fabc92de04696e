/** An ECR repository as stored (images live in berth's registry, under the repository's registry name). */
export type TagMutability = 'MUTABLE' | 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION' | 'MUTABLE_WITH_EXCLUSION';

export const tagMutabilities: readonly TagMutability[] = [
  'MUTABLE',
  'IMMUTABLE',
  'IMMUTABLE_WITH_EXCLUSION',
  'MUTABLE_WITH_EXCLUSION',
];

export interface MutabilityExclusion {
  readonly filterType: 'WILDCARD';
  readonly filter: string;
}

export interface RepositoryDocument {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  /** Epoch seconds. */
  readonly createdAt: number;
  readonly imageTagMutability: TagMutability;
  readonly imageTagMutabilityExclusionFilters?: readonly MutabilityExclusion[];
  readonly scanOnPush: boolean;
  readonly encryption: { readonly encryptionType: string; readonly kmsKey?: string };
  readonly policyText?: string;
  /** Stored and answered; berth expires no images by it (ref ecr §5). */
  readonly lifecyclePolicyText?: string;
  readonly tags: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
}

/**
 * Whether pushing `tag` over an existing one is refused: IMMUTABLE refuses every tag, IMMUTABLE_WITH_EXCLUSION every
 * tag but the matching ones, MUTABLE_WITH_EXCLUSION only the matching ones (ref ecr §5, WILDCARD filters with `*`).
 */
export function tagIsImmutable(repository: RepositoryDocument, tag: string): boolean {
  const filters = repository.imageTagMutabilityExclusionFilters ?? [];
  const matches = filters.some((f) => wildcard(f.filter).test(tag));
  switch (repository.imageTagMutability) {
    case 'MUTABLE':
      return false;
    case 'IMMUTABLE':
      return true;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return !matches;
    case 'MUTABLE_WITH_EXCLUSION':
      return matches;
  }
}

function wildcard(filter: string): RegExp {
  const body = filter.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}
