// Which of a task's containers `berth logs` reads through CloudWatch Logs: those whose definition uses the awslogs
// driver, asked of the berth running on the state dir (the task and its definition come from ECS). Loaded only by
// `berth logs`.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { isBerthError } from '../../errors/index.js';
import { readRunningInstance } from '../state-location.js';
import { AwslogsSource } from './awslogs-source.js';
import { connectEcs } from './ecs-client.js';
import { awslogsDestinations } from './task-format.js';
import { findTask } from './task-watch.js';

export interface TaskAwslogs {
  /** By container name. */
  readonly sources: ReadonlyMap<string, AwslogsSource>;
  close(): void;
}

/**
 * The task's awslogs streams; none when berth does not run on `stateDir` or does not know the task. `label` names a
 * container's lines (see TaskLogSources).
 */
export async function taskAwslogs(
  stateDir: string,
  id: string,
  cluster: string | undefined,
  label: (container: string) => string = (container) => container,
): Promise<TaskAwslogs> {
  const none: TaskAwslogs = { sources: new Map(), close: () => undefined };
  let ecs: ReturnType<typeof connectEcs>['client'];
  try {
    ecs = connectEcs({ state: stateDir }).client;
  } catch (error) {
    if (isBerthError(error) && error.code === 'BERTH_NOT_RUNNING') return none;
    throw error;
  }
  try {
    const found = await findTask(ecs, id, cluster).catch(() => undefined);
    const arn = found?.task.taskDefinitionArn;
    if (arn === undefined) return none;
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    const instance = readRunningInstance(stateDir);
    const clients: CloudWatchLogsClient[] = [];
    const sources = new Map<string, AwslogsSource>();
    for (const destination of awslogsDestinations(taskDefinition, id)) {
      if (destination.group === undefined || destination.stream === undefined) continue;
      const client = new CloudWatchLogsClient({
        endpoint: instance.endpoint,
        region: destination.region ?? instance.region,
        credentials: {
          accessKeyId: instance.accessKeyId,
          // Handed to the SDK only, which signs with it; it is never printed.
          secretAccessKey: instance.secretAccessKey.reveal(),
        },
      });
      clients.push(client);
      sources.set(
        destination.container,
        new AwslogsSource(
          destination.container,
          client,
          destination.group,
          destination.stream,
          label(destination.container),
        ),
      );
    }
    return {
      sources,
      close: () => {
        for (const client of clients) client.destroy();
      },
    };
  } finally {
    ecs.destroy();
  }
}
