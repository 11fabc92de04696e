/**
 * A container's `awslogs` log configuration as the driver uses it (ref ecs-services-elb-logs §7.4): the group, its
 * region, the stream prefix, `awslogs-create-group`. The stream is `prefix/container-name/task-id` (the ECS task id,
 * e.g. `backend-flask/backend-flask/3caf853ecb00491db67740079d4a02a7` [obs]). Without a prefix (EC2 only; Fargate
 * requires one) the stream is the Docker container id there; berth names it after its runtime id instead [INF].
 */
import type { ContainerDefinition } from '../../engines/ecs/index.js';

export interface AwslogsTarget {
  readonly group: string;
  readonly region: string;
  readonly stream: string;
  readonly createGroup: boolean;
}

/** The container's awslogs target, or undefined when it logs with another driver (or none: a local file). */
export function awslogsTarget(
  definition: ContainerDefinition,
  task: { readonly taskId: string; readonly region: string; readonly containerId: string },
): AwslogsTarget | undefined {
  const config = definition.logConfiguration;
  if (config?.logDriver !== 'awslogs') return undefined;
  const options = config.options ?? {};
  const prefix = options['awslogs-stream-prefix'];
  return {
    group: options['awslogs-group'] ?? '',
    // [INF] awslogs-region is required by the driver; berth sends to its own region when it is missing.
    region: options['awslogs-region'] ?? task.region,
    stream: prefix ? `${prefix}/${definition.name}/${task.taskId}` : task.containerId,
    // Docker's driver parses it as a Go bool: "true", "1", "t", "TRUE" … [INF: strconv.ParseBool].
    createGroup: ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(options['awslogs-create-group'] ?? ''),
  };
}
