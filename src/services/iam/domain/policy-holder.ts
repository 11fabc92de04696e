import { policySize } from '../../../engines/iam/index.js';
import type { Tag } from './tags.js';

export interface InlinePolicy {
  readonly name: string;
  /** The document as submitted. */
  readonly document: string;
}

/** What roles and users share: inline policies, attached managed policies, a permissions boundary and tags. */
export interface PolicyHolderRecord {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: string;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicies: readonly string[];
  readonly permissionsBoundary?: string;
  readonly tags: readonly Tag[];
}

const maxAttached = 10;

/**
 * The rules for policies held by a role or user (IAM User Guide reference_iam-quotas.md): inline policy names are
 * unique per holder (case-sensitively, as IAM keeps them), the inline documents together stay under the holder's
 * aggregate size (whitespace not counted), at most 10 managed policies are attached. Each change returns a new
 * record and leaves the old one as it was.
 */
export const policyHolder = {
  findInline<R extends PolicyHolderRecord>(record: R, name: string): InlinePolicy | undefined {
    return record.inlinePolicies.find((policy) => policy.name === name);
  },

  putInline<R extends PolicyHolderRecord>(
    record: R,
    policy: InlinePolicy,
    limit: number,
    tooLarge: () => Error,
  ): R {
    const others = record.inlinePolicies.filter((existing) => existing.name !== policy.name);
    const size = [...others, policy].reduce((total, p) => total + policySize(p.document), 0);
    if (size > limit) throw tooLarge();
    const replaced = record.inlinePolicies.some((existing) => existing.name === policy.name);
    const inlinePolicies = replaced
      ? record.inlinePolicies.map((existing) => (existing.name === policy.name ? policy : existing))
      : [...record.inlinePolicies, policy];
    return { ...record, inlinePolicies };
  },

  deleteInline<R extends PolicyHolderRecord>(record: R, name: string, notFound: () => Error): R {
    if (!policyHolder.findInline(record, name)) throw notFound();
    return { ...record, inlinePolicies: record.inlinePolicies.filter((policy) => policy.name !== name) };
  },

  /** Attaches a managed policy; attaching one already attached changes nothing (returns undefined). */
  attach<R extends PolicyHolderRecord>(record: R, arn: string, tooMany: () => Error): R | undefined {
    if (record.attachedPolicies.includes(arn)) return undefined;
    if (record.attachedPolicies.length >= maxAttached) throw tooMany();
    return { ...record, attachedPolicies: [...record.attachedPolicies, arn] };
  },

  detach<R extends PolicyHolderRecord>(record: R, arn: string, notAttached: () => Error): R {
    if (!record.attachedPolicies.includes(arn)) throw notAttached();
    return { ...record, attachedPolicies: record.attachedPolicies.filter((attached) => attached !== arn) };
  },

  /** Inline policy names in IAM's listing order (alphabetical). */
  inlineNames(record: PolicyHolderRecord): string[] {
    return record.inlinePolicies.map((policy) => policy.name).sort();
  },
} as const;
