// What the console is given besides root's connection (console/console-deps.ts), built from berth's own pieces:
// container logs as `berth logs` reads them, the registry's repositories from its store, the doctor's live check as
// `berth doctor --task-definition` runs, and roles as the doctor reads them. Loaded on the console's first request.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IAMClient } from '@aws-sdk/client-iam';
import { FsContentStore } from '../../adapters/fs-content-store/index.js';
import { instanceRecord } from '../../adapters/state-dir/index.js';
import { drainInTimeOrder } from '../../agent/runtime/container-log-reader.js';
import type {
  ConsoleConnection,
  ConsoleDeps,
  ConsoleLogLine,
  LogTail,
  RegistryRepository,
} from '../../console/index.js';
import type { Finding } from '../../engines/doctor/index.js';
import type { Digest } from '../../engines/oci/index.js';
import { BerthError } from '../../errors/index.js';
import { RepositoryStore } from '../../registry/server/index.js';
import { liveRole } from '../commands/doctor/live-role.js';
import { taskAwslogs } from '../commands/task-awslogs.js';
import { TaskLogSources } from '../commands/task-log-sources.js';
import type { PartDeps } from './part.js';
import { readPullProgress } from './pull-progress-files.js';

/** ECS task ids (as `berth logs` takes them): nothing else may name a directory under tasks/. */
const taskId = /^[A-Za-z0-9_-]{1,64}$/;

/** A task definition as the doctor takes it from the console: FAMILY[:REV] or its ARN, never a file name. */
const taskDefinitionName =
  /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}(:\d+)?$/;

export function consolePorts(deps: PartDeps, token: string): ConsoleDeps {
  const connection = (): ConsoleConnection => {
    const instance = instanceRecord.read(deps.stateDir.instance, deps.stateDir.path, deps.sealer);
    return {
      endpoint: instance.endpoint,
      region: instance.region,
      accountId: instance.accountId,
      // Handed to the SDK clients only, which sign with it.
      credentials: { accessKeyId: instance.accessKeyId, secretAccessKey: instance.secretAccessKey.reveal() },
    };
  };
  let iam: IAMClient | undefined;
  let content: Promise<FsContentStore> | undefined;
  return {
    token,
    connection,
    pullProgress: (id) => (taskId.test(id) ? readPullProgress(deps.stateDir.tasks, id) : []),
    logs: async (cluster, id) => {
      if (!taskId.test(id)) throw new BerthError('BERTH_INVALID_ARGUMENT', `${id} is not a task id`);
      return taskLogs(deps.stateDir.path, join(deps.stateDir.tasks, id), cluster, id);
    },
    role: (arn) => {
      const { endpoint, region, credentials } = connection();
      iam ??= new IAMClient({ endpoint, region, credentials });
      return liveRole(iam, arn);
    },
    repositories: async () => {
      content ??= FsContentStore.open(deps.stateDir.content);
      return repositories(new RepositoryStore(deps.persistence), await content);
    },
    doctor: (taskDefinition) => doctor(connection(), taskDefinition),
  };
}

async function taskLogs(stateDir: string, dir: string, cluster: string, id: string): Promise<LogTail> {
  const sources = new TaskLogSources(dir, undefined, await taskAwslogs(stateDir, id, cluster));
  return {
    async read() {
      await sources.refresh();
      const lines: ConsoleLogLine[] = [];
      await drainInTimeOrder(sources.sources(), (line) => {
        lines.push(line);
      });
      return lines;
    },
    close() {
      sources.close();
    },
  };
}

async function repositories(store: RepositoryStore, content: FsContentStore): Promise<RegistryRepository[]> {
  return Promise.all(
    store.repositories().map(async (name) => ({
      name,
      tags: await Promise.all(
        store.tags(name).map(async (tag) => {
          const manifest = store.manifest(name, tag.digest);
          return {
            tag: tag.tag,
            digest: tag.digest,
            mediaType: manifest?.mediaType ?? '?',
            size: (manifest?.size ?? 0) + (await referencedBytes(content, tag.digest)),
          };
        }),
      ),
    })),
  );
}

/** The config's and layers' sizes an image manifest lists (an index lists manifests: their sizes). */
async function referencedBytes(content: FsContentStore, digest: Digest): Promise<number> {
  try {
    const chunks: Uint8Array[] = [];
    for await (const chunk of content.read(digest)) chunks.push(chunk);
    const manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      config?: { size?: number };
      layers?: { size?: number }[];
      manifests?: { size?: number }[];
    };
    const parts = [manifest.config, ...(manifest.layers ?? []), ...(manifest.manifests ?? [])];
    return parts.reduce((sum, part) => sum + (typeof part?.size === 'number' ? part.size : 0), 0);
  } catch {
    return 0;
  }
}

/** `berth doctor --task-definition … --format json` against this berth, as root, in its own process. */
async function doctor(connection: ConsoleConnection, taskDefinition: string): Promise<readonly Finding[]> {
  if (!taskDefinitionName.test(taskDefinition)) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `${taskDefinition} is not FAMILY[:REVISION] or a task definition ARN`,
    );
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: connection.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: connection.credentials.secretAccessKey,
    AWS_REGION: connection.region,
  };
  // A session token from a real AWS login would ride along with berth's root key and be refused.
  delete env.AWS_SESSION_TOKEN;
  const args = [
    'doctor',
    '--task-definition',
    taskDefinition,
    '--endpoint-url',
    connection.endpoint,
    '--format',
    'json',
  ];
  const ran = await promisify(execFile)(process.execPath, [process.argv[1]!, ...args], {
    env,
    maxBuffer: 4 << 20,
  }).catch(
    // Exit 1 means errors were found: the report is on stdout all the same.
    (error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
  try {
    return (JSON.parse(ran.stdout) as { findings: Finding[] }).findings;
  } catch {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      ran.stderr.trim().split('\n')[0] || 'the doctor gave no report',
    );
  }
}
