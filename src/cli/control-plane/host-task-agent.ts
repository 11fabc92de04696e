import { FsContentStore } from '../../adapters/fs-content-store/index.js';
import type { Logger } from '../../adapters/logger/index.js';
import { IprouteNetworkProvider } from '../../adapters/netns/index.js';
import { RootfsCache } from '../../adapters/rootfs-cache/index.js';
import { RuncRuntime } from '../../adapters/runc/index.js';
import type { StateDir } from '../../adapters/state-dir/index.js';
import { startTaskEndpointServer } from '../../adapters/task-endpoint-server/index.js';
import type { LogsWriter } from '../../agent/awslogs/index.js';
import {
  createRegistryImageSource,
  createTaskAgent,
  type TaskAgent,
  withEcrAuth,
} from '../../agent/task/index.js';
import { TaskEndpoints } from '../../agent/task-endpoint/index.js';
import type { TaskAgentPort, TaskLaunch, TaskStateSink } from '../../engines/ecs/index.js';
import { parsePlatform } from '../../engines/oci/index.js';
import { BerthError } from '../../errors/index.js';
import type { Clock, Persistence } from '../../ports/index.js';
import type { TransportOptions } from '../../registry/client/index.js';
import { hostPlatform } from '../host-platform.js';
import { agentRegistryClient } from './agent-registry-client.js';
import { pullProgressFiles } from './pull-progress-files.js';
import { describeFailure, taskNetworkOptions } from './task-network.js';

export interface HostTaskAgentSetup {
  readonly stateDir: StateDir;
  readonly persistence: Persistence;
  readonly clock: Clock;
  readonly log: Logger;
  /** berth's own endpoint, where the agent reads secrets as the execution role; known once the server listens. */
  readonly endpoint: () => string;
  /** The awsvpc address range (`berth up --task-cidr`); default the network provider's. */
  readonly taskCidr?: string;
  /** Registry trust settings (`--registry-ca`, `--insecure-registry`), for EC2-launch-type pulls. */
  readonly registryTrust?: TransportOptions;
}

/**
 * The agent of this host, as the ECS service sees it (TaskAgentPort). ECS is built before the agent can be — the
 * agent reports to ECS's sink, and opening the stores is asynchronous — so `start(sink)` builds it and recovers
 * what a previous `berth up` left behind, before ECS answers its first request; `close()` stops every task. The task
 * range is checked by the ECS part when `berth up` starts (ecs-part.ts), not here.
 */
export class HostTaskAgent implements TaskAgentPort {
  readonly #setup: HostTaskAgentSetup;
  #agent: TaskAgent | undefined;
  #network: IprouteNetworkProvider | undefined;

  constructor(setup: HostTaskAgentSetup) {
    this.#setup = setup;
  }

  launch(task: TaskLaunch): void {
    this.#started().launch(task);
  }

  stop(taskArn: string, reason: string): void {
    this.#started().stop(taskArn, reason);
  }

  async start(sink: TaskStateSink): Promise<void> {
    const { stateDir, persistence, clock, log, endpoint } = this.#setup;
    const store = await FsContentStore.open(stateDir.content);
    const rootfs = await RootfsCache.open(stateDir.rootfs, store);
    // ECS's task endpoint (169.254.170.2): credentials and metadata, answered on the bridge's gateway.
    const endpoints = new TaskEndpoints(clock);
    const network = new IprouteNetworkProvider({
      ...taskNetworkOptions(stateDir, endpoint, this.#setup.taskCidr),
      taskEndpoint: {
        listen: (host) => startTaskEndpointServer(host, (request) => endpoints.answer(request)),
      },
    });
    const agent = createTaskAgent({
      runtime: new RuncRuntime({
        stateRoot: stateDir.runc,
        bundlesDir: stateDir.bundles,
        clock,
        onCleanupError: (containerId, error) =>
          log.error(`cleanup of container ${containerId} failed`, error),
      }),
      network,
      images: withEcrAuth(
        createRegistryImageSource({
          client: agentRegistryClient(this.#setup.registryTrust),
          store,
          ensureRootfs: (config, layers, options) => rootfs.ensureRootfs(config, layers, options),
          platform: parsePlatform(hostPlatform()),
        }),
        {
          // ECR tokens as the execution role, from berth's ECR; the SDK client loads on the first ECR image.
          getAuthorizationToken: async (request) => {
            const { createEcrAuthReader } = await import('../../adapters/aws-client/ecr-auth-reader.js');
            return createEcrAuthReader({ endpoint: endpoint() }).getAuthorizationToken(request);
          },
        },
      ),
      // Resolved per call: the endpoint's URL exists only once the server listens, after start(). Loaded on first
      // use: the AWS SDK client would add ≈ 100 ms to every start of berth up, tasks or not.
      secrets: {
        getSecretValue: async (request) => {
          const { createSecretsManagerReader } = await import(
            '../../adapters/aws-client/secrets-manager-reader.js'
          );
          return createSecretsManagerReader({ endpoint: endpoint() }).getSecretValue(request);
        },
      },
      parameters: {
        getParameters: async (request) => {
          const { createSsmParametersReader } = await import(
            '../../adapters/aws-client/ssm-parameters-reader.js'
          );
          return createSsmParametersReader({ endpoint: endpoint() }).getParameters(request);
        },
      },
      logs: lazyLogsWriter(endpoint),
      sink,
      clock,
      endpoints,
      logsDir: stateDir.tasks,
      persistence,
      pullProgress: pullProgressFiles(stateDir.tasks),
    });
    try {
      await agent.recover();
    } catch (error) {
      // berth up still serves the AWS APIs and the registry where tasks cannot run (no root, runc or iproute2): each
      // task then stops with the reason; the log says it once, now.
      log.warn(`tasks may not run on this host: ${describeFailure(error)}`);
    }
    this.#agent = agent;
    this.#network = network;
  }

  async close(): Promise<void> {
    await this.#agent?.close();
    await this.#network?.close();
  }

  #started(): TaskAgent {
    if (!this.#agent) throw new BerthError('BERTH_INTERNAL', 'the task agent is used before it started');
    return this.#agent;
  }
}

/** The awslogs driver's Logs client, loaded on the first awslogs container (as the Secrets Manager client is). */
function lazyLogsWriter(endpoint: () => string): LogsWriter {
  const writer = async () =>
    (await import('../../adapters/aws-client/logs-writer.js')).createLogsWriter({ endpoint: endpoint() });
  return {
    createLogGroup: async (call, group) => (await writer()).createLogGroup(call, group),
    createLogStream: async (call, group, stream) => (await writer()).createLogStream(call, group, stream),
    putLogEvents: async (call, group, stream, events) =>
      (await writer()).putLogEvents(call, group, stream, events),
  };
}
