// `berth run TASKDEF`: a task definition file or a registered definition by name.
import { readFileSync } from 'node:fs';
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { badInput } from '../cli-error.js';

/** The members of RegisterTaskDefinition's input (what `aws ecs register-task-definition --cli-input-json` takes). */
const requestMembers = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
] as const satisfies readonly (keyof RegisterTaskDefinitionRequest)[];

/** What DescribeTaskDefinition adds to a definition; dropped when its output is given as the file. */
const describedOnly = new Set([
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
]);

export type TaskDefinitionSource =
  | { readonly kind: 'file'; readonly path: string; readonly request: RegisterTaskDefinitionRequest }
  | { readonly kind: 'registered'; readonly taskDefinition: string };

/** `family`, `family:revision` (ECS's family characters) or a task definition ARN. */
const registeredPattern =
  /^(?:[a-zA-Z0-9_-]{1,255}(?::[1-9]\d*)?|arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/.+)$/;

/**
 * TASKDEF as a registered definition when it is `family[:revision]` or an ARN and no such file exists; otherwise as a
 * file (`file://` accepted, as the AWS CLI writes it). Bad input (exit 2): a missing or unreadable file, invalid JSON.
 */
export function taskDefinitionSource(argument: string): TaskDefinitionSource {
  const path = argument.startsWith('file://') ? argument.slice('file://'.length) : argument;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && path === argument && registeredPattern.test(argument)) {
      return { kind: 'registered', taskDefinition: argument };
    }
    if (code === 'ENOENT') throw badInput(`no task definition file ${path}`);
    if (code === 'EISDIR') throw badInput(`${path} is a directory, not a task definition file`);
    throw badInput(`cannot read ${path}: ${code ?? (error as Error).message}`);
  }
  return { kind: 'file', path, request: parseTaskDefinitionRequest(text, path) };
}

/**
 * A file's RegisterTaskDefinition input: the `--cli-input-json` object, or DescribeTaskDefinition's output
 * (`{"taskDefinition": {…}, "tags": […]}`) with the fields only a registered definition has dropped, so that a
 * definition copied from AWS runs unchanged. Unknown members are refused as the AWS CLI refuses them; the values are
 * left to ECS, which answers with its own messages.
 */
export function parseTaskDefinitionRequest(text: string, path: string): RegisterTaskDefinitionRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badInput(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw badInput(`${path} must hold a JSON object (a task definition)`);
  let input: Record<string, unknown> = parsed;
  if (isObject(parsed.taskDefinition)) {
    const { taskDefinition, tags, ...rest } = parsed;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw unknownMember(path, extra[0] as string);
    input = Object.fromEntries(
      Object.entries(taskDefinition as Record<string, unknown>).filter(([key]) => !describedOnly.has(key)),
    );
    if (Array.isArray(tags) && tags.length > 0) input.tags = tags;
  }
  const known = new Set<string>(requestMembers);
  const unknown = Object.keys(input).find((key) => !known.has(key));
  if (unknown !== undefined) throw unknownMember(path, unknown);
  return input as unknown as RegisterTaskDefinitionRequest;
}

function unknownMember(path: string, key: string) {
  return badInput(`${path}: unknown parameter "${key}"; a task definition has: ${requestMembers.join(', ')}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
