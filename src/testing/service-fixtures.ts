// ECS service fixtures over the control-plane harness: an agent that plays tasks through their states on the fake
// timer (RUNNING, or stopped before RUNNING for the revisions a test marks as failing), and helpers to read a service.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  type CreateServiceCommandInput,
  DescribeServicesCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ecsPort } from '../cli/control-plane/index.js';
import type { TaskAgentPort, TaskLaunch, TaskStateSink } from '../engines/ecs/index.js';
import type { LoadBalancerPort, Target, TargetHealth } from '../services/ecs/load-balancer-port.js';
import { type ControlPlaneHarnessOptions, controlPlaneHarness } from './control-plane-harness.js';
import { awsvpcNetwork, fargateDefinition } from './ecs-fixtures.js';
import type { FakeTimer } from './fake-timer.js';
import { trustText } from './iam-sts-harness.js';

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
  let address = 10;
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
        else
          s.submit({
            taskArn: task.taskArn,
            lastStatus: 'RUNNING',
            privateIpv4Address: `10.213.0.${address++}`,
          });
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

/**
 * A harness with a playing agent (and `elb` behind ECS's load-balancer port when given), role `exec`, cluster `prod`,
 * revisions web:1 and web:2 of the Fargate definition, and `create` for service `web` (2 tasks of web:1, awsvpc).
 */
export async function serviceSetup(
  elb?: LoadBalancerPort,
  options: Pick<ControlPlaneHarnessOptions, 'elbv2'> = {},
) {
  const agent = playingAgent();
  const h = controlPlaneHarness({ agent: agent.port, ...(elb ? { elbTargets: elb } : {}), ...options });
  agent.connect((await h.need(ecsPort)).taskStates, h.timer);
  const ecs = h.client(ECSClient);
  const trust = trustText({ Service: 'ecs-tasks.amazonaws.com' });
  await h
    .client(IAMClient)
    .send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: trust }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  const register = async () =>
    (await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()))).taskDefinition!
      .taskDefinitionArn!;
  const rev1 = await register();
  const rev2 = await register();
  const create = (extra: Partial<CreateServiceCommandInput> = {}) =>
    ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: awsvpcNetwork,
        ...extra,
      }),
    );
  return { h, agent, ecs, create, rev1, rev2 };
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

/**
 * Target groups as the ELB side would keep them, for ECS's consumer port: registered targets start `initial`; the test
 * sets health; deregistration drains at once unless `hold.drains`, then when the test calls `drain()`.
 */
export function fakeElb(groups: Record<string, 'ip' | 'instance'>) {
  const targets = new Map<string, TargetHealth[]>();
  const listeners: Array<(arn: string, target: TargetHealth) => void> = [];
  const held: Array<() => void> = [];
  const log: string[] = [];
  const same = (a: Target, b: Target) => a.id === b.id && a.port === b.port;
  const hold = { drains: false };
  const elb = {
    hold,
    log,
    port: {
      describe: (arn) =>
        groups[arn] ? { targetType: groups[arn]!, port: 8080, protocol: 'HTTP' } : undefined,
      register: (arn, added) => {
        log.push(`register ${added.map((t) => `${t.id}:${t.port}`).join(' ')}`);
        const kept = (targets.get(arn) ?? []).filter((t) => !added.some((a) => same(a, t)));
        targets.set(arn, [...kept, ...added.map((t) => ({ ...t, state: 'initial' }))]);
      },
      deregister: (arn, removed) => {
        log.push(`deregister ${removed.map((t) => `${t.id}:${t.port}`).join(' ')}`);
        targets.set(
          arn,
          (targets.get(arn) ?? []).filter((t) => !removed.some((r) => same(r, t))),
        );
        return hold.drains ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve();
      },
      health: (arn) => targets.get(arn) ?? [],
      onHealthChange: (listener) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    } satisfies LoadBalancerPort,
    /** Sets every registered target of `arn` (or only `id`) to `state`, and tells ECS. */
    setHealth(arn: string, state: string, description?: string, id?: string) {
      const next = (targets.get(arn) ?? []).map((t) =>
        id === undefined || t.id === id ? { ...t, state, ...(description ? { description } : {}) } : t,
      );
      targets.set(arn, next);
      for (const target of next) for (const listener of listeners) listener(arn, target);
    },
    targets: (arn: string) => targets.get(arn) ?? [],
    drain() {
      for (const resolve of held.splice(0)) resolve();
    },
  };
  return elb;
}
