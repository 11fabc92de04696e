import type { Policy } from '../../engines/iam/index.js';

/** A role as STS needs it to decide and make a session. */
export interface AssumableRole {
  readonly arn: string;
  readonly name: string;
  /** AROA…: the first half of a session's `aws:userid` and AssumedRoleId. */
  readonly roleId: string;
  readonly accountId: string;
  /** The trust (assume-role) policy, parsed as kind `trust`. */
  readonly trustPolicy: Policy;
  readonly maxSessionDuration: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The port through which STS reads IAM's roles and managed policies. STS never imports the IAM service (DESIGN.md
 * layering); the composition root hands it IAM's directory, which has exactly these methods.
 */
export interface RoleDirectory {
  /** The role with exactly this ARN (path included), or undefined. */
  findRoleByArn(arn: string): AssumableRole | undefined;
  /** A managed policy's default version, parsed, for AssumeRole's PolicyArns; undefined when there is none. */
  findManagedPolicy(arn: string): Policy | undefined;
}
