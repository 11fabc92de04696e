/**
 * The awslogs log driver of one task, as Fargate runs it (ref ecs-services-elb-logs §7.4): before a container
 * starts, the driver "validates its args" as the execution role — CreateLogGroup when `awslogs-create-group` is true
 * (needs logs:CreateLogGroup), then CreateLogStream `prefix/container/task-id` (an existing group or stream is fine)
 * — and a failure keeps the container from starting with ECS's text (awslogs-messages.ts). Then a LogShipper sends
 * the container's lines with PutLogEvents. A failed PutLogEvents (no logs:PutLogEvents) does not stop the task: the
 * container runs and its lines are dropped [UNCONFIRMED in ref ecs-services-elb-logs §7.4, as the driver only
 * creates the stream at start]; the task's notes say so once.
 *
 * Containers without awslogs keep only their local file (`berth logs` reads it); awslogs containers have both.
 * The execution role's credentials last an hour; each batch is sent with ones renewed before they expire (as the
 * task role's are served, RenewingCredentials), so a task that runs for days keeps shipping.
 */
import type { ContainerDefinition, ExecutionCredentials, TaskLaunch } from '../../engines/ecs/index.js';
import { type Clock, systemClock } from '../../ports/index.js';
import { AwsCallError, AwsTransportError } from '../task/ports.js';
import { RenewingCredentials } from '../task-endpoint/index.js';
import { type AwslogsStep, ec2AwslogsFailure, fargateAwslogsFailure } from './awslogs-messages.js';
import { awslogsTarget } from './awslogs-options.js';
import { LogShipper } from './log-shipper.js';
import type { LogsCall, LogsWriter } from './logs-writer.js';

export type AwslogsOpening =
  | { readonly kind: 'none' }
  | { readonly kind: 'shipping'; readonly shipper: LogShipper }
  | { readonly kind: 'failed'; readonly reason: string };

// [INF] Docker's words when the driver finds no credentials (an EC2 task without an execution role; berth has no
// container instance role to fall back on).
const noCredentials =
  'CannotStartContainerError: Error response from daemon: failed to initialize logging driver: ' +
  'NoCredentialProviders: no valid providers in chain. Deprecated.';

export class AwslogsDriver {
  readonly #writer: LogsWriter | undefined;
  readonly #launch: TaskLaunch;
  readonly #note: (text: string) => void;
  readonly #shippers: LogShipper[] = [];
  readonly #clock: Clock;
  #credentials?: RenewingCredentials;

  constructor(
    writer: LogsWriter | undefined,
    launch: TaskLaunch,
    note: (text: string) => void,
    clock: Clock = systemClock,
  ) {
    this.#writer = writer;
    this.#launch = launch;
    this.#note = note;
    this.#clock = clock;
  }

  /** Prepares `definition`'s stream when it logs with awslogs; `file` is its local log, which the shipper follows. */
  async open(definition: ContainerDefinition, containerId: string, file: string): Promise<AwslogsOpening> {
    const { taskId, region, executionCredentials, launchType } = this.#launch;
    const target = awslogsTarget(definition, { taskId, region, containerId });
    if (target === undefined) return { kind: 'none' };
    if (this.#writer === undefined || executionCredentials === undefined)
      return { kind: 'failed', reason: noCredentials };
    const call: LogsCall = { region: target.region, credentials: executionCredentials };
    const writer = this.#writer;
    const step = async (name: AwslogsStep, run: () => Promise<void>) => {
      try {
        await run();
        return undefined;
      } catch (error) {
        if (error instanceof AwsCallError && error.code === 'ResourceAlreadyExistsException')
          return undefined;
        if (!(error instanceof AwsCallError) && !(error instanceof AwsTransportError)) throw error;
        return launchType === 'FARGATE' ? fargateAwslogsFailure(name, error) : ec2AwslogsFailure(name, error);
      }
    };
    const failed =
      (target.createGroup
        ? await step('group', () => writer.createLogGroup(call, target.group))
        : undefined) ??
      (await step('stream', () => writer.createLogStream(call, target.group, target.stream)));
    if (failed !== undefined) return { kind: 'failed', reason: failed };
    const credentials = this.#renewing(executionCredentials);
    const shipper = new LogShipper({
      file,
      put: async (events) =>
        writer.putLogEvents(
          { region: target.region, credentials: await credentials.get() },
          target.group,
          target.stream,
          events,
        ),
      onFailure: (error) =>
        this.#note(
          `${definition.name}: awslogs could not send to ${target.group}/${target.stream}, its lines are dropped: ${describe(error)}`,
        ),
    });
    this.#shippers.push(shipper);
    return { kind: 'shipping', shipper };
  }

  /** One renewal for all the task's containers; without a means to renew, the first credentials as they are. */
  #renewing(credentials: ExecutionCredentials): RenewingCredentials {
    const renew = this.#launch.renewExecutionCredentials ?? (async () => credentials);
    this.#credentials ??= new RenewingCredentials({ credentials, renew }, this.#clock);
    return this.#credentials;
  }

  /** Sends every container's last lines; called once the containers have stopped. */
  async close(): Promise<void> {
    await Promise.all(this.#shippers.map((shipper) => shipper.close()));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
