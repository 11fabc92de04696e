/**
 * The agent's own memory of the tasks it has not finished, so that a restarted `berth up` can report them stopped
 * (ref ecs-private-auth §1.6: the ECS agent persists its task state, never credentials). A record holds only names and ids:
 * the task ARN, the runtime id of each container started, the network namespace. Nothing secret is ever written.
 */
import type { LaunchType } from '../../engines/ecs/index.js';
import type { Persistence } from '../../ports/index.js';

export interface TaskRecord {
  readonly taskArn: string;
  readonly taskId: string;
  readonly launchType: LaunchType;
  readonly containerNames: readonly string[];
  /** Runtime ids of the containers started so far. */
  readonly runtimeIds: readonly string[];
  readonly netnsPath?: string;
}

const collection = 'agent-tasks';

export class TaskRecords {
  readonly #persistence: Persistence;

  constructor(persistence: Persistence) {
    this.#persistence = persistence;
  }

  save(record: TaskRecord): void {
    this.#persistence.put(collection, record.taskArn, record);
  }

  remove(taskArn: string): void {
    this.#persistence.delete(collection, taskArn);
  }

  list(): TaskRecord[] {
    return this.#persistence.list<TaskRecord>(collection);
  }
}
