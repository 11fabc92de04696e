import { createHash } from 'node:crypto';
import { type AwsManagedPolicy, policySize, policySizeLimits } from '../../../engines/iam/index.js';
import { iamErrors } from '../errors.js';
import { policyDocument } from './policy-document.js';
import type { Tag } from './tags.js';

export interface PolicyVersionRecord {
  readonly versionId: string;
  readonly document: string;
  readonly createDate: string;
}

/** A managed policy: a customer managed one as stored, or an AWS managed one presented from the catalogue. */
export interface ManagedPolicyRecord {
  readonly name: string;
  readonly path: string;
  readonly policyId: string;
  readonly arn: string;
  readonly description?: string;
  readonly createDate: string;
  readonly defaultVersionId: string;
  /** The number of the next version id: IAM never reuses one, even after a version is deleted. */
  readonly nextVersion: number;
  readonly versions: readonly PolicyVersionRecord[];
  readonly tags: readonly Tag[];
  readonly awsManaged?: boolean;
}

/** How often a policy is in use in one account: attachments, and use as a permissions boundary. */
export interface PolicyUsage {
  readonly attachmentCount: number;
  readonly boundaryUsageCount: number;
}

export const noUsage: PolicyUsage = { attachmentCount: 0, boundaryUsageCount: 0 };
const maxVersions = 5;

/** Versions, defaults and the wire shapes of managed policies (IAM User Guide, access_policies_managed-versioning). */
export const managedPolicy = {
  checkSize(document: string): void {
    if (policySize(document) > policySizeLimits.managedPolicy) throw iamErrors.managedPolicyTooLarge();
  },

  /** An AWS managed policy of the catalogue, in the account's partition. Its id is derived from its ARN. */
  fromCatalogue(entry: AwsManagedPolicy, arn: string): ManagedPolicyRecord {
    const version = {
      versionId: entry.defaultVersionId,
      document: JSON.stringify(entry.document, null, 4),
      createDate: entry.updateDate,
    };
    return {
      name: entry.name,
      path: entry.path,
      policyId: `ANPA${stableId(arn)}`,
      arn,
      description: entry.description,
      createDate: entry.createDate,
      defaultVersionId: entry.defaultVersionId,
      nextVersion: Number(entry.defaultVersionId.slice(1)) + 1,
      versions: [version],
      tags: [],
      awsManaged: true,
    };
  },

  defaultVersion(record: ManagedPolicyRecord): PolicyVersionRecord {
    return record.versions.find((version) => version.versionId === record.defaultVersionId)!;
  },

  findVersion(record: ManagedPolicyRecord, versionId: string): PolicyVersionRecord {
    const found = record.versions.find((version) => version.versionId === versionId);
    if (!found) throw iamErrors.noSuchPolicyVersion(record.arn, versionId);
    return found;
  },

  addVersion(
    record: ManagedPolicyRecord,
    document: string,
    setAsDefault: boolean,
    now: Date,
  ): { record: ManagedPolicyRecord; version: PolicyVersionRecord } {
    if (record.versions.length >= maxVersions) throw iamErrors.tooManyVersions();
    const version = { versionId: `v${record.nextVersion}`, document, createDate: now.toISOString() };
    return {
      version,
      record: {
        ...record,
        nextVersion: record.nextVersion + 1,
        versions: [...record.versions, version],
        defaultVersionId: setAsDefault ? version.versionId : record.defaultVersionId,
      },
    };
  },

  deleteVersion(record: ManagedPolicyRecord, versionId: string): ManagedPolicyRecord {
    managedPolicy.findVersion(record, versionId);
    if (versionId === record.defaultVersionId) throw iamErrors.defaultVersion();
    return { ...record, versions: record.versions.filter((version) => version.versionId !== versionId) };
  },

  setDefault(record: ManagedPolicyRecord, versionId: string): ManagedPolicyRecord {
    managedPolicy.findVersion(record, versionId);
    return { ...record, defaultVersionId: versionId };
  },

  /** The `Policy` shape (ref aws-iam-and-protocols §4.5). UpdateDate is when the newest version was made, as IAM documents it. */
  toWire(
    record: ManagedPolicyRecord,
    usage: PolicyUsage,
    view: 'full' | 'list' = 'full',
  ): Record<string, unknown> {
    const newest = record.versions.reduce((a, b) => (a.createDate >= b.createDate ? a : b));
    return {
      PolicyName: record.name,
      PolicyId: record.policyId,
      Arn: record.arn,
      Path: record.path,
      DefaultVersionId: record.defaultVersionId,
      AttachmentCount: usage.attachmentCount,
      PermissionsBoundaryUsageCount: usage.boundaryUsageCount,
      IsAttachable: true,
      Description: view === 'full' ? record.description : undefined,
      CreateDate: new Date(record.createDate),
      UpdateDate: new Date(newest.createDate),
      Tags: view === 'full' && record.tags.length > 0 ? record.tags : undefined,
    };
  },

  /** The `PolicyVersion` shape; GetPolicyVersion carries the URL-encoded document, listings do not. */
  versionWire(
    record: ManagedPolicyRecord,
    version: PolicyVersionRecord,
    withDocument: boolean,
  ): Record<string, unknown> {
    return {
      Document: withDocument ? policyDocument.encode(version.document) : undefined,
      VersionId: version.versionId,
      IsDefaultVersion: version.versionId === record.defaultVersionId,
      CreateDate: new Date(version.createDate),
    };
  },
} as const;

/** 17 characters of [A-Z0-9] derived from the ARN, so an AWS managed policy's id is the same in every state dir. */
function stableId(arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const digest = createHash('sha256').update(arn).digest();
  return [...digest.subarray(0, 17)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
