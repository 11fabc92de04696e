import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  type Failure,
  type NetworkConfiguration,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { badInput, exitCodes } from '../cli-error.js';
import { connectEcs, type EcsConnection, printLikelyCause, reportEcsFailure } from './ecs-client.js';
import type { RunOptions } from './run.js';
import { taskDefinitionSource } from './task-definition-input.js';
import {
  awslogsLines,
  familyRevisionOf,
  statusLine,
  stoppedDetails,
  taskCompleted,
  taskIdOf,
} from './task-format.js';

/** berth answers locally: a short poll shows each status as it happens without loading it. */
const pollInterval = 250;

/** The implementation of `berth run`, loaded only when the command runs. Returns the exit code. */
export async function runTask(taskdef: string, options: RunOptions): Promise<number> {
  const count = parseCount(options.count);
  const launchType = parseLaunchType(options.launchType);
  const source = taskDefinitionSource(taskdef);
  const { client, endpoint, config } = connectEcs(options);
  let operation = source.kind === 'file' ? 'RegisterTaskDefinition' : 'DescribeTaskDefinition';
  try {
    const definition =
      source.kind === 'file'
        ? (await client.send(new RegisterTaskDefinitionCommand(source.request))).taskDefinition
        : (await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: source.taskDefinition })))
            .taskDefinition;
    if (definition?.taskDefinitionArn === undefined)
      throw new Error(`${operation} returned no task definition`);
    if (source.kind === 'file') {
      console.error(`registered task definition ${familyRevisionOf(definition.taskDefinitionArn)}`);
    }

    operation = 'RunTask';
    const networkConfiguration = await networkConfigurationFor(definition, options, config);
    const started = await client.send(
      new RunTaskCommand({
        taskDefinition: definition.taskDefinitionArn,
        count,
        ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
        ...launchTypeFor(definition, launchType),
        ...(networkConfiguration === undefined ? {} : { networkConfiguration }),
      }),
    );
    const failed = reportRunFailures(started.failures ?? []);
    const tasks = started.tasks ?? [];
    if (tasks.length === 0) {
      if (!failed) console.error('berth: RunTask started no task');
      return exitCodes.failure;
    }
    if (!options.wait) {
      if (options.json) printJson(tasks);
      else for (const task of tasks) console.log(task.taskArn);
      // Beside the ARNs a script reads: where ECS would have sent the logs.
      for (const task of tasks) {
        for (const line of awslogsLines(definition, taskIdOf(task.taskArn ?? ''))) console.error(line);
      }
      return failed ? exitCodes.failure : exitCodes.ok;
    }

    operation = 'DescribeTasks';
    const say = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
    const settled = await followTasks(client, tasks, definition, say);
    if (options.json) printJson(settled);
    const ok = !failed && settled.length === tasks.length && settled.every(isUp);
    return ok ? exitCodes.ok : exitCodes.failure;
  } catch (error) {
    return reportEcsFailure(error, operation, endpoint);
  } finally {
    client.destroy();
  }
}

/** RUNNING, or STOPPED after running to completion. */
function isUp(task: Task): boolean {
  return task.lastStatus === 'RUNNING' || taskCompleted(task);
}

/**
 * Polls DescribeTasks until every task is RUNNING or STOPPED, saying each task's ARN and then a line per status it
 * reaches (prefixed with the task id when there are several). Returns the tasks as last described; a task ECS no
 * longer knows is reported and left out.
 */
async function followTasks(
  client: ECSClient,
  started: readonly Task[],
  definition: TaskDefinition,
  say: (line: string) => void,
): Promise<Task[]> {
  const arns = started.map((t) => t.taskArn as string);
  const cluster = started[0]?.clusterArn;
  const prefix = (arn: string) => (arns.length > 1 ? `${taskIdOf(arn)} ` : '');
  const shown = new Map<string, string>();
  const settled = new Map<string, Task>();
  const lost = new Set<string>();
  const show = (task: Task) => {
    const arn = task.taskArn as string;
    const status = task.lastStatus ?? 'UNKNOWN';
    if (shown.get(arn) !== status) {
      shown.set(arn, status);
      say(`${prefix(arn)}${statusLine(task, definition)}`);
      if (status === 'STOPPED') for (const line of stoppedDetails(task)) say(`${prefix(arn)}${line}`);
    }
    if (status === 'RUNNING' || status === 'STOPPED') settled.set(arn, task);
  };
  for (const arn of arns) {
    say(arn);
    for (const line of awslogsLines(definition, taskIdOf(arn))) say(`${prefix(arn)}${line}`);
  }
  started.forEach(show);
  for (;;) {
    const open = arns.filter((arn) => !settled.has(arn) && !lost.has(arn));
    if (open.length === 0) break;
    await sleep(pollInterval);
    const described = await client.send(
      new DescribeTasksCommand({ tasks: open, ...(cluster === undefined ? {} : { cluster }) }),
    );
    for (const failure of described.failures ?? []) {
      lost.add(failure.arn ?? '');
      say(`${prefix(failure.arn ?? '')}berth: DescribeTasks: ${failure.reason ?? 'failed'}`);
    }
    (described.tasks ?? []).forEach(show);
    // A task in neither list would be polled forever: count it as lost.
    for (const arn of open) {
      const answered = described.tasks?.some((t) => t.taskArn === arn) || lost.has(arn);
      if (!answered) lost.add(arn);
    }
  }
  return arns.flatMap((arn) => settled.get(arn) ?? []);
}

/** RunTask's failures on stderr (with the likely cause); whether there were any. */
function reportRunFailures(failures: readonly Failure[]): boolean {
  for (const f of failures) {
    const text = [f.reason, f.detail].filter((part) => part !== undefined && part !== '').join(': ');
    console.error(`berth: RunTask: ${text || 'failed'}${f.arn === undefined ? '' : ` (${f.arn})`}`);
    printLikelyCause(text);
  }
  return failures.length > 0;
}

/** One task as its object, several as an array. */
function printJson(tasks: readonly Task[]): void {
  console.log(JSON.stringify(tasks.length === 1 ? tasks[0] : tasks, null, 2));
}

/** awsvpc needs a network configuration: the given one, else berth's defaults; other modes get one only if given. */
/** The awsvpc configuration: the subnets and groups given, else the default VPC's subnet (ECS picks the group). */
async function networkConfigurationFor(
  definition: TaskDefinition,
  options: RunOptions,
  config: EcsConnection['config'],
): Promise<NetworkConfiguration | undefined> {
  const { subnet = [], securityGroup = [] } = options;
  if (definition.networkMode !== 'awsvpc' && subnet.length === 0 && securityGroup.length === 0)
    return undefined;
  const subnets = subnet.length > 0 ? subnet : await defaultSubnets(config);
  return {
    awsvpcConfiguration: {
      subnets,
      ...(securityGroup.length > 0 ? { securityGroups: securityGroup } : {}),
    },
  };
}

async function defaultSubnets(config: EcsConnection['config']): Promise<string[]> {
  const [{ EC2Client }, { defaultSubnet }] = await Promise.all([
    import('@aws-sdk/client-ec2'),
    import('./default-subnet.js'),
  ]);
  const ec2 = new EC2Client(config);
  try {
    const found = await defaultSubnet(ec2);
    if (found === undefined) throw badInput('the account has no default subnet: name one with --subnet');
    return [found];
  } finally {
    ec2.destroy();
  }
}

/** The given launch type; else FARGATE for a definition that requires it; else ECS's default (EC2). */
function launchTypeFor(definition: TaskDefinition, given: 'FARGATE' | 'EC2' | undefined) {
  if (given !== undefined) return { launchType: given };
  return definition.requiresCompatibilities?.includes('FARGATE') ? { launchType: 'FARGATE' as const } : {};
}

function parseCount(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^[1-9]\d{0,3}$/.test(text)) throw badInput(`--count ${text} is not a number of tasks (1, 2, …)`);
  return Number(text);
}

function parseLaunchType(text: string | undefined): 'FARGATE' | 'EC2' | undefined {
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (upper !== 'FARGATE' && upper !== 'EC2') throw badInput(`--launch-type ${text}: use FARGATE or EC2`);
  return upper;
}
