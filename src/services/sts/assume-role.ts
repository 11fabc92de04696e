import type { OperationSpec, QueryInputReader, RequestContext } from '../../aws/index.js';
import { queryOperation, readQueryTags } from '../../aws/index.js';
import { normalizeTags, tagConditionKeys, tagsFromRecord } from '../../engines/aws-tags/index.js';
import { parsePolicy } from '../../engines/iam/index.js';
import { stsErrors } from './errors.js';
import { assumeRoleConstraints, durationLimits, sessionRequest } from './input/session-request.js';
import type { StsSessions } from './sessions.js';
import type { StsServiceDeps } from './sts-service-deps.js';

/**
 * sts:AssumeRole (ref aws-iam-and-protocols §4.6): the request is checked against the model, the session policy against IAM's
 * grammar, the caller against the role's trust policy (through the authorizer, the trust policy as the resource
 * policy: it must allow explicitly, §1.3), the duration against the role and role chaining, and the packed size.
 */
export function assumeRole(deps: StsServiceDeps, sessions: StsSessions): OperationSpec {
  return queryOperation(readAssumeRole, async (ctx, request) => {
    const { roleArn, sessionName, policy, policyArns, duration, tags, transitive } = request;
    const { externalId, sourceIdentity } = request;
    checkSessionPolicies(deps, policy, policyArns);
    const role = deps.roles.findRoleByArn(roleArn);
    if (!role) throw stsErrors.cannotAssume(ctx.caller.principal.arn, roleArn);
    await deps.authorizer.authorize(ctx, {
      action: 'sts:AssumeRole',
      resource: role.arn,
      resourcePolicy: role.trustPolicy,
      resourceAccount: role.accountId,
      context: {
        'sts:ExternalId': externalId,
        'sts:RoleSessionName': sessionName,
        'sts:SourceIdentity': sourceIdentity,
        'sts:TransitiveTagKeys': transitive.length > 0 ? transitive : undefined,
        ...tagConditionKeys.request(normalizeTags(tags, 'Key')),
        ...tagConditionKeys.resource(tagsFromRecord(role.tags)),
      },
    });
    const seconds = sessionRequest.duration(duration, role, isRoleSession(ctx));
    const packed = sessionRequest.packedPercent(policy, policyArns, tags);

    const issued = sessions.issue({
      role,
      sessionName,
      durationSeconds: seconds,
      sessionPolicy: policy,
      policyArns,
      tags,
      transitiveTagKeys: transitive,
      sourceIdentity,
      issuedTo: ctx.caller.principal.arn,
    });
    return {
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey.reveal(),
        SessionToken: issued.sessionToken.reveal(),
        Expiration: issued.expiration,
      },
      AssumedRoleUser: { AssumedRoleId: issued.assumedRoleId, Arn: issued.assumedRoleArn },
      PackedPolicySize: policy !== undefined || policyArns.length > 0 || tags.length > 0 ? packed : undefined,
      SourceIdentity: sourceIdentity,
    };
  });
}

/** AssumeRole's members in the model's order, checked against its constraints (ref aws-iam-and-protocols §4.6). */
function readAssumeRole(r: QueryInputReader) {
  return {
    roleArn: r.string('RoleArn', assumeRoleConstraints.roleArn),
    sessionName: r.string('RoleSessionName', assumeRoleConstraints.sessionName),
    policy: r.string('Policy', assumeRoleConstraints.policy),
    policyArns: (r.list('PolicyArns', { maxItems: 10 }) ?? []).map((item) =>
      r.nested(item, 'PolicyArns').string('arn', assumeRoleConstraints.policyArn),
    ),
    duration: r.integer('DurationSeconds', { min: durationLimits.min, max: durationLimits.max }),
    tags: readQueryTags(r),
    transitive: r.strings('TransitiveTagKeys', {}, 50) ?? [],
    externalId: r.string('ExternalId', assumeRoleConstraints.externalId),
    sourceIdentity: r.string('SourceIdentity', assumeRoleConstraints.sourceIdentity),
  };
}

/**
 * Checks the session policies: the inline Policy against IAM's grammar (kind identity), each PolicyArns entry for
 * existence. The session keeps the inline text and the ARNs (sessions.ts).
 */
function checkSessionPolicies(
  deps: StsServiceDeps,
  policy: string | undefined,
  policyArns: readonly string[],
): void {
  // A grammar error is MalformedPolicyDocument through the service's translateError.
  if (policy !== undefined) parsePolicy(policy, { kind: 'identity', name: 'session policy' });
  for (const arn of policyArns) if (!deps.roles.findManagedPolicy(arn)) throw stsErrors.noSuchPolicy(arn);
}

/** A caller that is itself a role session is chaining roles (1-hour limit). */
function isRoleSession(ctx: RequestContext): boolean {
  return ctx.caller.temporary && /^arn:[^:]+:sts::\d{12}:assumed-role\//.test(ctx.caller.principal.arn);
}
