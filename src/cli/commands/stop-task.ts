import { StopTaskCommand } from '@aws-sdk/client-ecs';
import { badInput, exitCodes } from '../cli-error.js';
import { connectEcs, reportEcsFailure } from './ecs-client.js';
import type { StopOptions } from './stop.js';
import { clusterOfTaskArn } from './task-format.js';

/** The implementation of `berth stop`, loaded only when the command runs. Prints the task ARN; returns the exit code. */
export async function stopTask(task: string, options: StopOptions): Promise<number> {
  if (task.trim() === '') throw badInput('the task to stop is empty: give its ARN or id');
  const cluster = options.cluster ?? clusterOfTaskArn(task);
  const { client, endpoint } = connectEcs(options);
  try {
    const stopped = await client.send(
      new StopTaskCommand({
        task,
        ...(cluster === undefined ? {} : { cluster }),
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      }),
    );
    console.log(stopped.task?.taskArn ?? task);
    return exitCodes.ok;
  } catch (error) {
    return reportEcsFailure(error, 'StopTask', endpoint);
  } finally {
    client.destroy();
  }
}
