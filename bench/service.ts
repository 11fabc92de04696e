// npm run bench -- service: the ECS service scheduler through a real `berth up` (AWS SDK, the walkthrough's secret,
// execution role and repositoryCredentials, real runc, one network namespace per task):
//   steady — CreateService of BENCH_TASKS tasks (default 20) → the services-stable condition (one deployment,
//            runningCount == desiredCount), image already pulled (one RunTask first warms the content store);
//   replace — a service task's container killed (runc kill) → its replacement RUNNING.
// Targets (issue 14): steady ≤ 3 s for 20 tasks, replacement ≤ 1 s. No peer: nothing else runs ECS services locally
// with runc; the figures are berth's own, checked against the targets. Options: BENCH_RUNS (default 3), BENCH_POLL_MS
// (DescribeServices poll, default 20). See docs/benchmarks.md.
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type Service,
  waitUntilServicesInactive,
} from '@aws-sdk/client-ecs';
import { type EcsWorld, startEcsWorld } from '../test/e2e/support/ecs-world.js';
import { envNumber, median, recordResult } from './bench-kit.js';
import { registerWebTask } from './support/web-task.js';

const run = promisify(execFile);
const tasks = envNumber('BENCH_TASKS', 20);
const runs = envNumber('BENCH_RUNS', 3);
const pollMs = envNumber('BENCH_POLL_MS', 20);
const ms = (value: number) => `${Math.round(value)} ms`;

async function describe(world: EcsWorld, name: string): Promise<Service> {
  return (await world.ecs.send(new DescribeServicesCommand({ services: [name] }))).services![0]!;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

const stable = (s: Service) => s.deployments?.length === 1 && s.runningCount === s.desiredCount;

async function runningTasks(world: EcsWorld, serviceName: string): Promise<string[]> {
  const arns = (await world.ecs.send(new ListTasksCommand({ serviceName }))).taskArns ?? [];
  if (arns.length === 0) return [];
  const described = await world.ecs.send(new DescribeTasksCommand({ tasks: arns }));
  return (described.tasks ?? []).filter((t) => t.lastStatus === 'RUNNING').map((t) => t.taskArn!);
}

async function main(): Promise<void> {
  const world = await startEcsWorld();
  try {
    const image = await world.pushWebImage('bench', 'bench-service-pw', 'web');
    const family = await registerWebTask(world, 'benchservice', image, {
      username: 'bench',
      password: 'bench-service-pw',
    });
    const warm = await world.runAndSettle(family);
    if (warm.lastStatus !== 'RUNNING') throw new Error(`warm-up task: ${warm.stoppedReason}`);
    console.log(
      `== service: ${tasks} tasks, ${runs} runs, polled every ${pollMs} ms (load ${loadavg()[0]!.toFixed(2)})`,
    );
    const steady: number[] = [];
    const replace: number[] = [];
    for (let i = 0; i < runs; i++) {
      const name = `bench${i}`;
      const started = performance.now();
      await world.ecs.send(
        new CreateServiceCommand({
          serviceName: name,
          taskDefinition: family,
          desiredCount: tasks,
          launchType: 'FARGATE',
          // The default VPC's subnet: ECS refuses subnets EC2 does not have, as on AWS.
          networkConfiguration: { awsvpcConfiguration: { subnets: [world.subnet] } },
        }),
      );
      await until(
        async () => ((s) => (stable(s) ? s : undefined))(await describe(world, name)),
        'steady state',
      );
      steady.push(performance.now() - started);

      const [victim] = await runningTasks(world, name);
      const taskId = victim!.split('/').pop()!;
      const killed = performance.now();
      await run('runc', ['--root', join(world.berth.stateDir, 'runc'), 'kill', `${taskId}-web`, 'KILL']);
      await until(async () => {
        const now = await runningTasks(world, name);
        return now.length === tasks && !now.includes(victim!) ? now : undefined;
      }, 'replacement');
      replace.push(performance.now() - killed);

      await world.ecs.send(new DeleteServiceCommand({ service: name, force: true }));
      await waitUntilServicesInactive(
        { client: world.ecs, maxWaitTime: 120, minDelay: 1, maxDelay: 1 },
        { services: [name] },
      );
      console.log(`run ${i + 1}: steady ${ms(steady.at(-1)!)}, replacement ${ms(replace.at(-1)!)}`);
    }
    const verdict = (value: number, target: number) => (value <= target ? 'within' : 'OVER');
    console.log(
      `\nsteady state of ${tasks} tasks: median ${ms(median(steady))} (target 3000 ms: ${verdict(median(steady), 3000)})`,
    );
    console.log(
      `kill → replacement RUNNING: median ${ms(median(replace))} (target 1000 ms: ${verdict(median(replace), 1000)})`,
    );
    const fargate = '— (Fargate: minutes)';
    recordResult({
      measure: `CreateService of ${tasks} tasks → steady`,
      berth: ms(median(steady)),
      peer: fargate,
      ratio: '',
      target: '≤ 3000 ms',
      met: median(steady) <= 3000,
    });
    recordResult({
      measure: 'task killed → replacement RUNNING',
      berth: ms(median(replace)),
      peer: fargate,
      ratio: '',
      target: '≤ 1000 ms',
      met: median(replace) <= 1000,
    });
  } finally {
    await world.close();
  }
}

await main();
