// RunTask and the waits of the demo, through the ECS API as any client would: DescribeTasks until the task settles.
import { DescribeTasksCommand, RunTaskCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { defaultSubnet } from '../commands/default-subnet.js';
import { type DemoContext, DemoStepFailed } from './demo-context.js';
import { awsLine } from './shell-line.js';

/** A hang guard, not a timing expectation: tasks settle in well under a second on a warm machine. */
const settleTimeoutMs = 60_000;
const pollMs = 50;

/**
 * RunTask (Fargate, awsvpc) of `taskDefinition`, printing the command, then waits until the task is RUNNING or
 * STOPPED, printing each lastStatus it passes through on one line.
 */
export async function runAndSettle(context: DemoContext, taskDefinition: string): Promise<Task> {
  const { print, ecs } = context;
  // The default VPC's subnet, as `berth run` takes it: ECS refuses ids EC2 does not have, as on AWS.
  const subnet = await defaultSubnet(context.ec2, context.signal);
  if (subnet === undefined) throw new DemoStepFailed('the account has no default subnet');
  const awsvpc = { subnets: [subnet] };
  const awsvpcShorthand = `awsvpcConfiguration={subnets=[${subnet}]}`;
  print.command(
    awsLine('ecs', 'run-task', {
      'launch-type': 'FARGATE',
      'task-definition': taskDefinition,
      'network-configuration': awsvpcShorthand,
    }),
  );
  // An interrupted demo starts nothing more: its cleanup may already be stopping the tasks.
  context.signal.throwIfAborted();
  const ran = await ecs.send(
    new RunTaskCommand({
      taskDefinition,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: awsvpc },
    }),
    { abortSignal: context.signal },
  );
  const taskArn = ran.tasks?.[0]?.taskArn;
  if (taskArn === undefined) {
    throw new DemoStepFailed(`RunTask started no task: ${JSON.stringify(ran.failures ?? [])}`);
  }
  print.command(awsLine('ecs', 'wait tasks-running', { tasks: taskArn }));
  const seen: string[] = [];
  const started = Date.now();
  const task = await waitForTask(context, taskArn, (t) => {
    const status = t.lastStatus ?? '?';
    if (seen.at(-1) !== status) seen.push(status);
    return status === 'RUNNING' || status === 'STOPPED';
  });
  print.result(`${seen.join(' → ')} (${seconds(Date.now() - started)})`);
  return task;
}

/** StopTask, then waits for STOPPED. */
export async function stopAndWait(context: DemoContext, taskArn: string): Promise<Task> {
  context.print.command(awsLine('ecs', 'stop-task', { task: taskArn }));
  await context.ecs.send(new StopTaskCommand({ task: taskArn, reason: 'berth demo done' }));
  return waitForTask(context, taskArn, (task) => task.lastStatus === 'STOPPED');
}

export async function waitForTask(
  context: DemoContext,
  taskArn: string,
  done: (task: Task) => boolean,
): Promise<Task> {
  const deadline = Date.now() + settleTimeoutMs;
  for (;;) {
    const task = (await context.ecs.send(new DescribeTasksCommand({ tasks: [taskArn] }))).tasks?.[0];
    if (task !== undefined && done(task)) return task;
    if (Date.now() > deadline) {
      throw new DemoStepFailed(`the task did not settle within 60 s (last status ${task?.lastStatus})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The awsvpc address ECS reports: the container's network interface (as the ENI attachment also says). */
export function taskAddress(task: Task): string | undefined {
  return task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
