import type { Tag } from '../input/session-request.js';

/**
 * A temporary session as stored. Its secret access key and session token are sealed (Sealer, labels
 * `sts.sessions/<account>/<key>/secret` and `…/token`); policies are kept as text and parsed when loaded.
 */
export interface SessionRecord {
  readonly accessKeyId: string;
  readonly sealedSecret: string;
  readonly sealedToken: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly accountId: string;
  readonly roleArn: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly sessionName: string;
  /** `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION` (the role's path is not part of it). */
  readonly sessionArn: string;
  /** The inline session policy as passed (Policy), if any. */
  readonly sessionPolicy?: string;
  /**
   * Managed session policies (PolicyArns), resolved to their current default version whenever the session is used,
   * as managed policies are everywhere else; one deleted since limits the session to what the others allow.
   */
  readonly policyArns: readonly string[];
  readonly tags: readonly Tag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  /** Who asked for the session: a principal ARN, or a service principal name (`ecs-tasks.amazonaws.com`). */
  readonly issuedTo: string;
}

export const sessionLabels = {
  secret: (collection: string, key: string) => `${collection}/${key}/secret`,
  token: (collection: string, key: string) => `${collection}/${key}/token`,
} as const;
