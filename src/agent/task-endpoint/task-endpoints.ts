/**
 * What berth's agent answers at 169.254.170.2 (the address ECS gives every task for its credentials and metadata):
 * the task role's credentials at `/v2/credentials/<id>` and the metadata endpoint v4 at `/v4/<id>[/task][/stats]`.
 * Each id is random and new per task (per container for v4), and an answer is given only to a request from that
 * task's own address: knowing another task's URI is not enough. An unknown id and a known id asked from elsewhere
 * get the same answer, so a neighbour learns nothing. Credentials appear in the credentials answer only; neither
 * they nor the ids are logged.
 *
 * The answers' error bodies follow the ECS agent's credentials handler: HTTP 400 with `{"code","message"}`
 * (InvalidIdInRequest / NoIdInRequest) [INF: aws/amazon-ecs-agent agent/handlers; the message words are not pinned by
 * a published transcript].
 */
import { randomUUID } from 'node:crypto';
import type { TaskRoleCredentials } from '../../engines/ecs/index.js';
import type { Clock } from '../../ports/index.js';
import {
  containerMetadata,
  containerStats,
  type MetadataSource,
  taskMetadata,
  taskStats,
} from './metadata-v4.js';
import { RenewingCredentials } from './task-role-credentials.js';

/** The link-local address ECS answers tasks' credential and metadata requests on (port 80). */
export const taskEndpointAddress = '169.254.170.2';

export interface EndpointRequest {
  /** The peer's address as the server saw it: the task's own address, never rewritten on the way. */
  readonly remoteAddress: string;
  readonly method: string;
  /** The request target's path (no query). */
  readonly path: string;
}

export interface EndpointAnswer {
  readonly status: number;
  /** Serialised as JSON. */
  readonly body: unknown;
}

export interface EndpointTask {
  /** The task's address on berth's bridge: the only source its requests may come from. */
  readonly address: string;
  readonly source: MetadataSource;
  readonly taskRole?: TaskRoleCredentials;
}

export interface EndpointRegistration {
  /** `NAME=value` lines for a container's environment (later entries of a ProcessSpec win). */
  environment(containerName: string): string[];
  /** The task stopped: its ids answer nothing from now on. */
  release(): void;
}

interface Entry {
  readonly task: EndpointTask;
  readonly credentials?: RenewingCredentials;
}

export class TaskEndpoints {
  readonly #clock: Clock;
  readonly #newId: () => string;
  readonly #credentials = new Map<string, Entry>();
  readonly #metadata = new Map<string, { readonly entry: Entry; readonly container: string }>();

  constructor(clock: Clock, newId: () => string = randomUUID) {
    this.#clock = clock;
    this.#newId = newId;
  }

  register(task: EndpointTask): EndpointRegistration {
    const entry: Entry = {
      task,
      ...(task.taskRole ? { credentials: new RenewingCredentials(task.taskRole, this.#clock) } : {}),
    };
    const credentialsId = entry.credentials ? this.#newId() : undefined;
    if (credentialsId !== undefined) this.#credentials.set(credentialsId, entry);
    const metadataIds = new Map<string, string>();
    for (const { definition } of task.source.launch.containers) {
      const id = this.#newId();
      metadataIds.set(definition.name, id);
      this.#metadata.set(id, { entry, container: definition.name });
    }
    return {
      environment: (name) => [
        ...(credentialsId === undefined
          ? []
          : [`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/${credentialsId}`]),
        `ECS_CONTAINER_METADATA_URI_V4=http://${taskEndpointAddress}/v4/${metadataIds.get(name)}`,
      ],
      release: () => {
        if (credentialsId !== undefined) this.#credentials.delete(credentialsId);
        for (const id of metadataIds.values()) this.#metadata.delete(id);
      },
    };
  }

  async answer(request: EndpointRequest): Promise<EndpointAnswer> {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return { status: 405, body: { code: 'MethodNotAllowed', message: 'Only GET is allowed' } };
    const parts = request.path.split('/').filter((part) => part !== '');
    if (parts[0] === 'v2' && parts[1] === 'credentials') return this.#credentialsAnswer(request, parts[2]);
    if (parts[0] === 'v4' && parts[1] !== undefined)
      return this.#metadataAnswer(request, parts[1], parts.slice(2));
    return {
      status: 404,
      body: { code: 'NotFound', message: `${request.path} is not an endpoint of the agent` },
    };
  }

  async #credentialsAnswer(request: EndpointRequest, id: string | undefined): Promise<EndpointAnswer> {
    if (id === undefined)
      return invalid('NoIdInRequest', 'CredentialsV2Request: No Credential ID in the request');
    const entry = this.#credentials.get(id);
    if (!entry?.credentials || entry.task.address !== request.remoteAddress)
      return invalid('InvalidIdInRequest', 'CredentialsV2Request: Credentials not found');
    try {
      const credentials = await entry.credentials.get();
      return {
        status: 200,
        body: {
          RoleArn: credentials.roleArn,
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey.reveal(),
          Token: credentials.sessionToken.reveal(),
          // RFC 3339 without fractions, as the agent's Go time formatting gives it.
          Expiration: `${credentials.expiration.toISOString().slice(0, 19)}Z`,
        },
      };
    } catch {
      return {
        status: 500,
        body: {
          code: 'InternalServerError',
          message: 'CredentialsV2Request: the task role could not be assumed again',
        },
      };
    }
  }

  #metadataAnswer(request: EndpointRequest, id: string, rest: string[]): EndpointAnswer {
    const found = this.#metadata.get(id);
    if (!found || found.entry.task.address !== request.remoteAddress)
      return { status: 404, body: 'V4 container metadata handler: unable to find the task or container' };
    const { source } = found.entry.task;
    const now = this.#clock.now();
    const path = rest.join('/');
    if (path === '') return { status: 200, body: containerMetadata(source, found.container) };
    if (path === 'task') return { status: 200, body: taskMetadata(source) };
    if (path === 'stats') return { status: 200, body: containerStats(source, found.container, now) };
    if (path === 'task/stats') return { status: 200, body: taskStats(source, now) };
    return { status: 404, body: `V4 metadata handler: no such path /${path}` };
  }
}

function invalid(code: string, message: string): EndpointAnswer {
  return { status: 400, body: { code, message } };
}
