// What the console is given by its part (cli/control-plane/console-part.ts): root's way to berth's own endpoint, and
// the few things no public API answers (local container logs, the registry's own repositories, the doctor, a role's
// policies as the doctor reads them). The console imports no service and no adapter.
import type { Finding, RoleNode } from '../engines/doctor/index.js';

/** Root's signed connection to the endpoint `berth up` serves; the console calls the public APIs with it. */
export interface ConsoleConnection {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** One line of a container's output. */
export interface ConsoleLogLine {
  readonly container: string;
  readonly time: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** A task's container logs, read from where they are (the Logs API for awslogs containers, else berth's log files). */
export interface LogTail {
  /** The lines written since the last call (all of them on the first). */
  read(): Promise<ConsoleLogLine[]>;
  close(): void;
}

/** A repository of berth's own registry (`/v2/`), with its tags. */
export interface RegistryRepository {
  readonly name: string;
  readonly tags: readonly {
    readonly tag: string;
    readonly digest: string;
    readonly mediaType: string;
    /** The manifest's size plus its layers' and config's (what a pull downloads), when the manifest is readable. */
    readonly size: number;
  }[];
}

/** One layer of an image being pulled for a task (the agent's report; ECS's API has no field for it). */
export interface PullLayer {
  readonly digest: string;
  readonly size: number;
  readonly bytes: number;
  /** `waiting`, `downloading`, `complete`, or `exists` (already in the store). */
  readonly state: string;
}

export interface ConsoleDeps {
  /** The console's token (in the state dir, 0600): the printed URL carries it once; the session cookie after. */
  readonly token: string;
  connection(): ConsoleConnection;
  /** The agent's pull report of task `id`, per container (empty when it pulled nothing, or long ago). */
  pullProgress(id: string): readonly { readonly container: string; readonly layers: readonly PullLayer[] }[];
  /** The container logs of task `id` in `cluster`. */
  logs(cluster: string, id: string): Promise<LogTail>;
  repositories(): Promise<readonly RegistryRepository[]>;
  /** The doctor's live check of one task definition (`berth doctor --task-definition`). */
  doctor(taskDefinition: string): Promise<readonly Finding[]>;
  /** A role with its policies as IAM describes them (the doctor's reader); undefined when there is no such role. */
  role(roleArn: string): Promise<RoleNode | undefined>;
}
