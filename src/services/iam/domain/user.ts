import type { PolicyHolderRecord } from './policy-holder.js';
import { boundaryWire } from './role.js';

/** An IAM user as stored. Its access keys live in their own collection (store.ts), keyed by key id. */
export interface UserRecord extends PolicyHolderRecord {
  readonly userId: string;
}

export const user = {
  /** The `User` shape of IAM's responses; ListUsers leaves out tags and the boundary, as IAM does. */
  toWire(record: UserRecord, view: 'full' | 'list' = 'full'): Record<string, unknown> {
    const wire: Record<string, unknown> = {
      Path: record.path,
      UserName: record.name,
      UserId: record.userId,
      Arn: record.arn,
      CreateDate: new Date(record.createDate),
    };
    if (view === 'list') return wire;
    return {
      ...wire,
      PermissionsBoundary: boundaryWire(record.permissionsBoundary),
      Tags: record.tags.length > 0 ? record.tags : undefined,
    };
  },
} as const;
