/**
 * ECS resource ARNs (the long ARN format, the only one since 2021; Service Authorization Reference resource types):
 *   cluster          arn:<p>:ecs:<region>:<account>:cluster/<name>
 *   task-definition  arn:<p>:ecs:<region>:<account>:task-definition/<family>:<revision>
 *   task             arn:<p>:ecs:<region>:<account>:task/<cluster>/<task-id>
 *   container        arn:<p>:ecs:<region>:<account>:container/<cluster>/<task-id>/<uuid>
 *   service          arn:<p>:ecs:<region>:<account>:service/<cluster>/<name>
 * and how the API's identifiers (a name, `family[:revision]`, a task id, or a full ARN) map to them.
 */
import { tryParseArn } from '../arn/index.js';

export interface EcsScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

const prefix = (s: EcsScope) => `arn:${s.partition}:ecs:${s.region}:${s.account}`;

export const ecsArns = {
  cluster: (s: EcsScope, name: string) => `${prefix(s)}:cluster/${name}`,
  /** Without a revision: how IAM sees a RunTask that names only the family (widdix/complete-aws-iam-reference#79). */
  taskDefinition: (s: EcsScope, family: string, revision?: number) =>
    `${prefix(s)}:task-definition/${family}${revision === undefined ? '' : `:${revision}`}`,
  task: (s: EcsScope, cluster: string, taskId: string) => `${prefix(s)}:task/${cluster}/${taskId}`,
  container: (s: EcsScope, cluster: string, taskId: string, id: string) =>
    `${prefix(s)}:container/${cluster}/${taskId}/${id}`,
  service: (s: EcsScope, cluster: string, name: string) => `${prefix(s)}:service/${cluster}/${name}`,
} as const;

/** API_CreateCluster / API_RegisterTaskDefinition: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens". */
export const ecsNamePattern = /^[a-zA-Z0-9_-]{1,255}$/;
const revisionPattern = /^[1-9]\d{0,8}$/;
const taskIdPattern = /^[a-zA-Z0-9-]{1,64}$/;

/** A resource named by one of the API's identifiers, in the scope it names (a full ARN may name another one). */
export interface Named<T> {
  readonly scope: EcsScope;
  readonly value: T;
}

function ecsArn(text: string, type: string): { scope: EcsScope; rest: string } | undefined {
  const arn = tryParseArn(text);
  if (arn?.service !== 'ecs' || !arn.resource.startsWith(`${type}/`)) return undefined;
  return {
    scope: { partition: arn.partition, region: arn.region, account: arn.account },
    rest: arn.resource.slice(type.length + 1),
  };
}

/** A cluster by name or ARN. */
export function parseClusterIdentifier(text: string, scope: EcsScope): Named<string> | undefined {
  if (!text.startsWith('arn:')) return ecsNamePattern.test(text) ? { scope, value: text } : undefined;
  const arn = ecsArn(text, 'cluster');
  return arn && ecsNamePattern.test(arn.rest) ? { scope: arn.scope, value: arn.rest } : undefined;
}

export interface TaskDefinitionIdentifier {
  readonly family: string;
  /** Absent: the latest ACTIVE revision of the family. */
  readonly revision?: number;
}

/** `family`, `family:revision` or a task-definition ARN (with or without the revision). */
export function parseTaskDefinitionIdentifier(
  text: string,
  scope: EcsScope,
): Named<TaskDefinitionIdentifier> | undefined {
  let body = text;
  let named = scope;
  if (text.startsWith('arn:')) {
    const arn = ecsArn(text, 'task-definition');
    if (!arn) return undefined;
    body = arn.rest;
    named = arn.scope;
  }
  const colon = body.indexOf(':');
  const family = colon < 0 ? body : body.slice(0, colon);
  if (!ecsNamePattern.test(family)) return undefined;
  if (colon < 0) return { scope: named, value: { family } };
  const revision = body.slice(colon + 1);
  return revisionPattern.test(revision)
    ? { scope: named, value: { family, revision: Number(revision) } }
    : undefined;
}

export interface TaskIdentifier {
  /** Named by a long-format ARN; absent for a bare id (the request's cluster applies). */
  readonly cluster?: string;
  readonly taskId: string;
}

/** A task by id or ARN. */
export function parseTaskIdentifier(text: string, scope: EcsScope): Named<TaskIdentifier> | undefined {
  if (!text.startsWith('arn:'))
    return taskIdPattern.test(text) ? { scope, value: { taskId: text } } : undefined;
  const arn = ecsArn(text, 'task');
  if (!arn) return undefined;
  const [cluster, taskId, extra] = arn.rest.split('/');
  if (extra !== undefined || !cluster || !taskId) return undefined;
  if (!ecsNamePattern.test(cluster) || !taskIdPattern.test(taskId)) return undefined;
  return { scope: arn.scope, value: { cluster, taskId } };
}

export type EcsResource =
  | { readonly type: 'cluster'; readonly scope: EcsScope; readonly name: string }
  | {
      readonly type: 'task-definition';
      readonly scope: EcsScope;
      readonly family: string;
      readonly revision: number;
    }
  | { readonly type: 'task'; readonly scope: EcsScope; readonly cluster: string; readonly taskId: string };

/** A taggable resource's ARN (TagResource, UntagResource, ListTagsForResource). */
export function parseResourceArn(text: string): EcsResource | undefined {
  const arn = tryParseArn(text);
  if (arn?.service !== 'ecs') return undefined;
  const scope = { partition: arn.partition, region: arn.region, account: arn.account };
  const cluster = parseClusterIdentifier(text, scope);
  if (cluster && text.startsWith('arn:'))
    return { type: 'cluster', scope: cluster.scope, name: cluster.value };
  const definition = arn.resource.startsWith('task-definition/')
    ? parseTaskDefinitionIdentifier(text, scope)
    : undefined;
  if (definition?.value.revision !== undefined)
    return {
      type: 'task-definition',
      scope,
      family: definition.value.family,
      revision: definition.value.revision,
    };
  const task = arn.resource.startsWith('task/') ? parseTaskIdentifier(text, scope) : undefined;
  if (task?.value.cluster !== undefined)
    return { type: 'task', scope, cluster: task.value.cluster, taskId: task.value.taskId };
  return undefined;
}
