import type { ConditionClause } from './conditions/condition-block.js';
import type { RequestPrincipal } from './principal.js';
import type { PrincipalMatch } from './principal-element.js';
import type { StatementText } from './read-statement.js';
import type { RequestContext } from './request-context.js';

/**
 * Which kind of document a policy is; it decides what the grammar allows (ref aws-iam-and-protocols §1.8, §1.14) and how
 * evaluation treats it (§1.3: trust and key policies must allow explicitly).
 * - identity: inline and managed policies of users and roles, permissions boundaries, session policies;
 * - resource: a resource's own policy (a Secrets Manager secret's);
 * - trust: a role's trust (assume-role) policy;
 * - key: a KMS key policy.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'key';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** A parsed, validated and compiled policy document: evaluation never re-reads the JSON. */
export interface Policy {
  kind: PolicyKind;
  /** How the policy is known where it is attached (inline name or managed policy ARN), for explanations. */
  name?: string;
  version: PolicyVersion;
  id?: string;
  statements: Statement[];
}

/** A compiled statement: the text as written (see StatementText) plus its matchers. */
export interface Statement extends Omit<StatementText, 'condition'> {
  /** Position in the document, from 0. */
  index: number;
  condition: ConditionClause[];
  matchesAction(action: string): boolean;
  matchesResource(resource: string, context: RequestContext): boolean;
  /** How the statement's Principal/NotPrincipal names the caller; `direct` for statements without one. */
  matchesPrincipal(principal: RequestPrincipal, caller?: { hasBoundary: boolean }): PrincipalMatch;
  conditionsHold(context: RequestContext): boolean;
}
