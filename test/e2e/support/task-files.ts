// Reading what a command inside a task wrote: the command runs a script, then serves /tmp on the web port, so the
// test fetches the script's files from the task's own address (the web image has wget and httpd, no curl).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ContainerDefinition, Task } from '@aws-sdk/client-ecs';
import type { EcsWorld, PrivateImage } from './ecs-world.js';
import { webPort } from './web-image.js';

/** Runs `script`, then serves /tmp on the web port until StopTask (SIGTERM ends it with 143, as the image does). */
export function scriptThenServe(script: string): string[] {
  return [
    'sh',
    '-c',
    `${script}; httpd -f -p ${webPort} -h /tmp & pid=$!; trap 'kill $pid; wait $pid; exit 143' TERM; wait $pid`,
  ];
}

/** The awsvpc task's own address (the ENI's, as DescribeTasks reports it). */
export function taskAddress(task: Task): string {
  return task.containers![0]!.networkInterfaces![0]!.privateIpv4Address!;
}

/** A file the task's script wrote to /tmp, once it is served (a hang guard, not a timing assertion). */
export async function taskFile(task: Task, name: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`http://${taskAddress(task)}:${webPort}/${name}`);
      if (response.ok) return await response.text();
    } catch {
      // httpd not listening yet
    }
    assert.ok(Date.now() < deadline, `the task never served /tmp/${name}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Registers a one-container Fargate task running `script` then serving /tmp, runs it, and expects RUNNING. */
export async function runScriptTask(
  world: EcsWorld,
  web: PrivateImage,
  family: string,
  script: string,
  options: { taskRole?: string; container?: Partial<ContainerDefinition> } = {},
): Promise<Task> {
  const definition = await world.registerFargate(
    family,
    [
      {
        name: 'app',
        image: web.image,
        essential: true,
        repositoryCredentials: { credentialsParameter: web.secretArn },
        command: scriptThenServe(script),
        ...options.container,
      },
    ],
    { execution: web.executionRoleArn, ...(options.taskRole ? { task: options.taskRole } : {}) },
  );
  const task = await world.runAndSettle(definition);
  assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
  return task;
}

/**
 * Runs `family` until its essential container exits (EssentialContainerExited, the reason shown otherwise); the
 * task and what `container` printed, from berth's log file of it.
 */
export async function runToExit(
  world: EcsWorld,
  family: string,
  container = 'app',
): Promise<{ readonly task: Task; readonly log: string }> {
  const settled = await world.runAndSettle(family);
  const task = await world.waitFor(settled.taskArn!, (t) => t.lastStatus === 'STOPPED');
  assert.equal(task.stopCode, 'EssentialContainerExited', task.stoppedReason);
  const taskId = task.taskArn!.split('/').pop()!;
  return { task, log: readFileSync(`${world.berth.stateDir}/tasks/${taskId}/${container}.log`, 'utf8') };
}
