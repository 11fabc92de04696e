import { policySize, policySizeLimits } from '../../../engines/iam/index.js';
import { iamErrors } from '../errors.js';
import { policyDocument } from './policy-document.js';
import type { PolicyHolderRecord } from './policy-holder.js';

/** A role as IAM stores it; documents are kept as submitted. */
export interface RoleRecord extends PolicyHolderRecord {
  readonly roleId: string;
  readonly trustPolicy: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
}

export const defaultMaxSessionDuration = 3600;

/** Role behaviour beyond what roles share with users (policy-holder.ts). */
export const role = {
  /** Replaces the trust policy; its size without whitespace is capped at 2048 (IAM quota ACLSizePerRole). */
  withTrustPolicy(record: RoleRecord, document: string): RoleRecord {
    role.checkTrustSize(document);
    return { ...record, trustPolicy: document };
  },

  checkTrustSize(document: string): void {
    if (policySize(document) > policySizeLimits.trustPolicy) throw iamErrors.trustTooLarge();
  },

  /**
   * The `Role` shape of IAM's responses (ref aws-iam-and-protocols §4.5). ListRoles leaves out tags, the boundary and last use, as
   * IAM does; GetRole and CreateRole carry them.
   */
  toWire(record: RoleRecord, view: 'full' | 'list' = 'full'): Record<string, unknown> {
    const wire: Record<string, unknown> = {
      Path: record.path,
      RoleName: record.name,
      RoleId: record.roleId,
      Arn: record.arn,
      CreateDate: new Date(record.createDate),
      AssumeRolePolicyDocument: policyDocument.encode(record.trustPolicy),
      Description: record.description,
      MaxSessionDuration: record.maxSessionDuration,
    };
    if (view === 'list') return wire;
    return {
      ...wire,
      PermissionsBoundary: boundaryWire(record.permissionsBoundary),
      Tags: record.tags.length > 0 ? record.tags : undefined,
      RoleLastUsed: {},
    };
  },
} as const;

export function boundaryWire(arn: string | undefined): Record<string, string> | undefined {
  return arn === undefined ? undefined : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn };
}
