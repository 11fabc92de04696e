/**
 * IAM's size quotas count a policy's characters without whitespace (IAM User Guide, reference_iam-quotas.md).
 * The services turn an excess into IAM's LimitExceeded texts, e.g. `Cannot exceed quota for PolicySize: 6144`.
 */
export const policySizeLimits = {
  /** All inline policies of one role together. */
  inlineRolePolicies: 10_240,
  /** All inline policies of one user together. */
  inlineUserPolicies: 2_048,
  managedPolicy: 6_144,
  trustPolicy: 2_048,
} as const;

export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}
