// ECS service fixtures over the control-plane harness: an agent that plays tasks through their states on the fake
// timer (RUNNING, or stopped before RUNNING for the revisions a test marks as failing), and helpers to read a service.
import { DescribeServicesCommand, type ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import type { TaskAgentPort, TaskLaunch, TaskStateSink } from '../engines/ecs/index.js';
import type { FakeTimer } from './fake-timer.js';

/**
 * A fake agent: each launch reports PENDING and then RUNNING (or, for a failing task definition, STOPPED with the
 * pull failure the real agent gives) when the timer next runs; each stop reports STOPPED.
 */
export function playingAgent() {
  let sink: TaskStateSink | undefined;
  let timer: FakeTimer | undefined;
  const launched: TaskLaunch[] = [];
  const stopped: string[] = [];
  const failing = new Set<string>();
  const report = (job: (sink: TaskStateSink) => void) => timer!.after(0, () => job(sink!));
  const port: TaskAgentPort = {
    launch: (task) => {
      launched.push(task);
      const fails = failing.has(task.taskDefinition.taskDefinitionArn);
      report((s) => {
        s.submit({ taskArn: task.taskArn, lastStatus: 'PENDING' });
        if (fails)
          s.submit({
            taskArn: task.taskArn,
            lastStatus: 'STOPPED',
            stopCode: 'TaskFailedToStart',
            stoppedReason: pullFailure,
          });
        else s.submit({ taskArn: task.taskArn, lastStatus: 'RUNNING', privateIpv4Address: '10.213.0.9' });
      });
    },
    stop: (taskArn, reason) => {
      stopped.push(taskArn);
      report((s) => s.submit({ taskArn, lastStatus: 'STOPPED', stoppedReason: reason }));
    },
  };
  return {
    port,
    launched,
    stopped,
    /** Task definition ARNs whose tasks fail to start. */
    failing,
    connect(to: TaskStateSink, on: FakeTimer) {
      sink = to;
      timer = on;
    },
    /** The container exits on its own (EssentialContainerExited). */
    exit(taskArn: string) {
      sink!.submit({
        taskArn,
        lastStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
      });
    },
  };
}

/** ref ecs-private-auth §3: what a task whose execution role cannot read the registry secret stops with. */
export const pullFailure =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
  'unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret';

export async function describeService(ecs: ECSClient, service: string, cluster = 'prod') {
  const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return out.services![0]!;
}

export async function serviceTaskArns(ecs: ECSClient, serviceName: string, cluster = 'prod') {
  return (await ecs.send(new ListTasksCommand({ cluster, serviceName }))).taskArns ?? [];
}
