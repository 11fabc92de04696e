import { awsTagRules, type QueryStringRule, type QueryTag } from '../../../aws/index.js';
import { policySize } from '../../../engines/iam/index.js';
import { stsErrors } from '../errors.js';
import type { AssumableRole } from '../role-directory.js';

export type Tag = QueryTag;

/** The STS model's constraints on AssumeRole's members (sts-2011-06-15: roleSessionNameType, …). */
export const assumeRoleConstraints = {
  roleArn: { required: true, min: 20, max: 2048 },
  sessionName: { required: true, min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
  policy: {
    min: 1,
    max: 2048,
    pattern: /^[\t\n\r\u0020-\u00FF]+$/,
    patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
  },
  policyArn: { required: true, min: 20, max: 2048 },
  externalId: { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' },
  sourceIdentity: { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
  ...awsTagRules,
} as const satisfies Record<string, QueryStringRule>;

export const durationLimits = { min: 900, max: 43_200, default: 3600, chained: 3600 } as const;

/**
 * The packed budget shared by the session policy, PolicyArns and session tags. AWS compresses them with an
 * undocumented encoding and reports the share as PackedPolicySize (percent); berth approximates it by their size
 * without whitespace against 2,048 characters, so a plain-text policy within its 2,048-character limit alone
 * always fits, and tags or ARNs on top can overflow it.
 */
const packedBudget = 2048;

/** The rules of an AssumeRole request beyond member constraints (STS API reference, AssumeRole). */
export const sessionRequest = {
  /**
   * The session's lifetime: 900 s up to the role's MaxSessionDuration, 1 hour by default; a session made from
   * another role session (role chaining) lasts at most 1 hour, with STS's texts for either excess.
   */
  duration(requested: number | undefined, role: AssumableRole, chained: boolean): number {
    const seconds = requested ?? durationLimits.default;
    if (chained && seconds > durationLimits.chained) throw stsErrors.exceedsChainingLimit();
    if (seconds > role.maxSessionDuration) throw stsErrors.exceedsMaxSessionDuration();
    return seconds;
  },

  /** PackedPolicySize in percent; above 100 the request is PackedPolicyTooLarge. */
  packedPercent(policy: string | undefined, policyArns: readonly string[], tags: readonly Tag[]): number {
    const size =
      (policy === undefined ? 0 : policySize(policy)) +
      policyArns.reduce((total, arn) => total + arn.length, 0) +
      tags.reduce((total, tag) => total + tag.Key.length + tag.Value.length, 0);
    const percent = Math.ceil((size * 100) / packedBudget);
    if (percent > 100) throw stsErrors.packedPolicyTooLarge(percent);
    return percent;
  },
} as const;
