// How berth's task commands show an ECS Task: ids, addresses, status lines, the stopped explanation, the table.
// Pure functions of the AWS API shapes (type imports only: no SDK code is loaded).
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { explainStoppedReason } from '../../engines/ecs/explain-stopped-reason.js';

/** The task id: the last part of a task ARN (`arn:…:task/<cluster>/<id>`); an id is returned as it is. */
export function taskIdOf(task: string): string {
  return task.slice(task.lastIndexOf('/') + 1);
}

/** The cluster named in a task ARN (`arn:…:task/<cluster>/<id>`), or undefined for an id or an old-format ARN. */
export function clusterOfTaskArn(task: string): string | undefined {
  return /^arn:[^:]+:ecs:[^:]*:[^:]*:task\/([^/]+)\/[^/]+$/.exec(task)?.[1];
}

/** `family:revision` of a task definition ARN (what ECS consoles show). */
export function familyRevisionOf(taskDefinitionArn: string | undefined): string {
  if (taskDefinitionArn === undefined) return '-';
  const at = taskDefinitionArn.indexOf(':task-definition/');
  return at < 0 ? taskDefinitionArn : taskDefinitionArn.slice(at + ':task-definition/'.length);
}

/** Where one of a task's containers can be reached. */
export interface TaskEndpoint {
  readonly container: string;
  readonly host: string;
  readonly port?: number;
  readonly protocol: 'tcp' | 'udp';
}

/** Addresses a wildcard bind means "every interface of this host": reachable on loopback. */
const wildcardBinds = new Set(['', '0.0.0.0', '::']);

/**
 * The task's addresses: a container's networkBindings (bridge and host modes: `<bindIP>:<hostPort>`, a wildcard bind
 * shown as 127.0.0.1); else its awsvpc interface's privateIpv4Address with the containerPorts of the task
 * definition's portMappings (Fargate reports no bindings), or the bare address when the definition is not at hand or
 * maps no port.
 */
export function taskEndpoints(task: Task, definition?: TaskDefinition): TaskEndpoint[] {
  const eniAddress = task.attachments
    ?.find((a) => a.type === 'ElasticNetworkInterface')
    ?.details?.find((d) => d.name === 'privateIPv4Address')?.value;
  const endpoints: TaskEndpoint[] = [];
  for (const container of task.containers ?? []) {
    const name = container.name ?? '?';
    const bindings = (container.networkBindings ?? []).filter((b) => b.hostPort !== undefined);
    if (bindings.length > 0) {
      for (const b of bindings) {
        const host = wildcardBinds.has(b.bindIP ?? '') ? '127.0.0.1' : (b.bindIP as string);
        endpoints.push({ container: name, host, port: b.hostPort as number, protocol: b.protocol ?? 'tcp' });
      }
      continue;
    }
    const address = container.networkInterfaces?.[0]?.privateIpv4Address ?? eniAddress;
    if (address === undefined) continue;
    const mappings = (
      definition?.containerDefinitions?.find((d) => d.name === container.name)?.portMappings ?? []
    ).filter((m) => m.containerPort !== undefined);
    if (mappings.length === 0) endpoints.push({ container: name, host: address, protocol: 'tcp' });
    for (const m of mappings) {
      endpoints.push({
        container: name,
        host: address,
        port: m.containerPort as number,
        protocol: m.protocol ?? 'tcp',
      });
    }
  }
  return endpoints;
}

/** `http://10.0.0.2:8080` for TCP (what a user opens), `10.0.0.2:53/udp`, or the bare address without a port. */
export function endpointUrl(endpoint: TaskEndpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  if (endpoint.port === undefined) return host;
  return endpoint.protocol === 'udp' ? `${host}:${endpoint.port}/udp` : `http://${host}:${endpoint.port}`;
}

/**
 * The line `berth run --wait` prints when a task reaches a status: the status alone, `RUNNING at <url> (<container>),
 * …`, or `STOPPED (<stopCode>): <stoppedReason>`.
 */
export function statusLine(task: Task, definition?: TaskDefinition): string {
  const status = task.lastStatus ?? 'UNKNOWN';
  if (status === 'RUNNING') {
    const at = taskEndpoints(task, definition).map((e) => `${endpointUrl(e)} (${e.container})`);
    return at.length === 0 ? status : `${status} at ${at.join(', ')}`;
  }
  if (status === 'STOPPED') {
    const code = task.stopCode === undefined ? '' : ` (${task.stopCode})`;
    return `${status}${code}: ${task.stoppedReason ?? 'no reason given'}`;
  }
  return status;
}

/** A stopped task that ran to completion: its essential container exited and every container exited with 0. */
export function taskCompleted(task: Task): boolean {
  const containers = task.containers ?? [];
  return (
    task.lastStatus === 'STOPPED' &&
    task.stopCode === 'EssentialContainerExited' &&
    containers.length > 0 &&
    containers.every((c) => c.exitCode === 0)
  );
}

/**
 * What follows a STOPPED status line: each container's exit code or reason (EC2 puts the pull error only there,
 * reference/ecs-private-auth.md §3.5), then `likely cause: … [Cn]` for the first text that is a known
 * misconfiguration — unless the task completed.
 */
export function stoppedDetails(task: Task): string[] {
  const lines: string[] = [];
  for (const c of task.containers ?? []) {
    const what = [
      c.exitCode === undefined ? undefined : `exit code ${c.exitCode}`,
      c.reason === undefined || c.reason === '' ? undefined : c.reason,
    ].filter((part) => part !== undefined);
    if (what.length > 0) lines.push(`  ${c.name ?? '?'}: ${what.join(', ')}`);
  }
  if (taskCompleted(task)) return lines;
  const texts = [task.stoppedReason, ...(task.containers ?? []).map((c) => c.reason)];
  for (const text of texts) {
    const explanation = text === undefined ? undefined : explainStoppedReason(text);
    if (explanation !== undefined) {
      lines.push(`likely cause: ${explanation.summary} [${explanation.code}]`);
      break;
    }
  }
  return lines;
}

/** Where ECS's awslogs driver sends one container's output (CloudWatch Logs). */
export interface AwslogsDestination {
  readonly container: string;
  readonly group?: string;
  readonly region?: string;
  /**
   * `<awslogs-stream-prefix>/<container>/<task id>`, as ECS names the stream [DOC using_awslogs]; undefined without a
   * prefix (then, on EC2, Docker names it after the container id; Fargate requires a prefix).
   */
  readonly stream?: string;
}

/** The awslogs destinations of a task's containers (those whose logConfiguration.logDriver is awslogs). */
export function awslogsDestinations(
  definition: TaskDefinition | undefined,
  taskId: string,
): AwslogsDestination[] {
  return (definition?.containerDefinitions ?? []).flatMap((container) => {
    const log = container.logConfiguration;
    if (log?.logDriver !== 'awslogs') return [];
    const options = log.options ?? {};
    const name = container.name ?? '?';
    const prefix = options['awslogs-stream-prefix'];
    const group = options['awslogs-group'];
    const region = options['awslogs-region'];
    return [
      {
        container: name,
        ...(group === undefined ? {} : { group }),
        ...(region === undefined ? {} : { region }),
        ...(prefix === undefined || prefix === '' ? {} : { stream: `${prefix}/${name}/${taskId}` }),
      },
    ];
  });
}

/**
 * A line per awslogs container, for `berth run`: the CloudWatch Logs group and stream the driver writes to, and the
 * command that shows them here (`berth logs` reads an awslogs container's stream through berth's Logs API).
 */
export function awslogsLines(definition: TaskDefinition | undefined, taskId: string): string[] {
  return awslogsDestinations(definition, taskId).map((d) => {
    const stream = d.stream ?? 'named by the runtime (no awslogs-stream-prefix)';
    const where = `group ${d.group ?? '(none set)'}, stream ${stream}${d.region === undefined ? '' : `, region ${d.region}`}`;
    return `awslogs ${d.container}: ${where}; here: berth logs ${taskId} --container ${d.container}`;
  });
}

/** `text` cut to `width` characters, ending in `…` when cut. */
export function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

const reasonWidth = 60;

/**
 * `berth tasks`: one row per task, newest first — id, family:revision, lastStatus, where it can be reached, and
 * (cut) why it stopped. With the tasks' definitions (by ARN), an awsvpc task's address carries its containerPorts.
 */
export function formatTaskTable(
  tasks: readonly Task[],
  definitions: ReadonlyMap<string, TaskDefinition> = new Map(),
): string {
  const rows = [...tasks]
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
    .map((task) => [
      taskIdOf(task.taskArn ?? '-'),
      familyRevisionOf(task.taskDefinitionArn),
      task.lastStatus ?? '-',
      [
        ...new Set(
          taskEndpoints(task, definitions.get(task.taskDefinitionArn ?? '')).map((e) =>
            e.port === undefined ? e.host : `${e.host}:${e.port}`,
          ),
        ),
      ].join(',') || '-',
      task.stoppedReason === undefined ? '' : cut(task.stoppedReason.replace(/\s+/g, ' '), reasonWidth),
    ]);
  const header = ['TASK ID', 'DEFINITION', 'STATUS', 'ADDRESS', 'STOPPED REASON'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  return [header, ...rows]
    .map((cells) =>
      cells
        .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
