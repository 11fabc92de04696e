/**
 * The PENDING phase of a task (ref ecs-private-auth §1.2, §1.5, §5.3, §5.4): the task resources that read Secrets Manager
 * (`asm-auth` for repositoryCredentials, the `secrets` resource for env secrets) and the image pulls.
 *
 * Ordering: the resources start together. On EC2 a container's pull waits only for what it depends on (an ASM
 * container for `asm-auth`; env secrets gate container creation, not pulls, so an image may already be pulled when
 * a secret fails). Fargate retrieves every "execution resource" before it pulls anything [INF from its texts:
 * "unable to pull secrets or registry auth: execution resource retrieval failed"].
 *
 * Registry credentials live only in this function's memory: handed to each pull, dropped when the pulls are done.
 */
import type { ContainerDefinition, TaskLaunch, TaskStopCode } from '../../engines/ecs/index.js';
import type { Clock } from '../../ports/index.js';
import type { LayerProgress } from '../../registry/client/index.js';
import type { SecretValue } from '../bundle/index.js';
import { ImagePullError } from '../pull/index.js';
import { fetchRegistryAuth, registryAuthNeeds } from '../resources/asm-auth.js';
import { fetchContainerSecrets, secretNeeds } from '../resources/container-secrets.js';
import { pullFailureTaskReason, resourceFailureReason } from '../resources/task-failure-reasons.js';
import type { ImageSource, ParametersReader, PulledImage, SecretsReader } from './ports.js';
import type { TaskReporter } from './task-reporter.js';

export interface StopCause {
  readonly stopCode: TaskStopCode;
  readonly reason: string;
}

export interface PrepareContext {
  readonly launch: TaskLaunch;
  readonly images: ImageSource;
  readonly secrets: SecretsReader;
  readonly parameters: ParametersReader;
  readonly reporter: TaskReporter;
  readonly clock: Clock;
  /** Aborted once the task is told to stop; in-flight pulls end then. */
  readonly signal: AbortSignal;
  /** Asks the task to stop; the first cause wins. */
  readonly stop: (cause: StopCause) => void;
  /** Told of each layer's progress while a container's image is pulled. */
  readonly onPullProgress?: (container: string, progress: LayerProgress) => void;
}

export interface PreparedTask {
  /** Containers whose image is ready; a container missing here failed its pull (EC2, non-essential). */
  readonly images: ReadonlyMap<string, PulledImage>;
  /** Each container's env secrets, in definition order. */
  readonly secrets: ReadonlyMap<string, readonly SecretValue[]>;
}

/** Resolves with what the containers need, or undefined when the task must stop (the cause is already given). */
export async function prepareTask(context: PrepareContext): Promise<PreparedTask | undefined> {
  const { launch, reporter, signal } = context;
  const definitions = launch.containers.map((c) => c.definition);
  const credentials = launch.executionCredentials;
  const auth = fetchRegistryAuth(registryAuthNeeds(definitions, launch.region), context.secrets, credentials);
  const envSecrets = fetchContainerSecrets(
    secretNeeds(definitions),
    { secrets: context.secrets, parameters: context.parameters },
    credentials,
    launch.region,
  );
  const resources = Promise.all([auth, envSecrets]).then(([authResult, secretsResult]) => {
    // Both resources can fail; berth names the registry-auth one, so a run reads the same every time [INF:
    // the agent keeps whichever failed first].
    const failures = !authResult.ok
      ? authResult.failures
      : !secretsResult.ok
        ? secretsResult.failures
        : undefined;
    if (failures !== undefined) {
      context.stop({
        stopCode: 'TaskFailedToStart',
        reason: resourceFailureReason(failures, launch.launchType),
      });
    }
    return failures === undefined;
  });

  const images = new Map<string, PulledImage>();
  const pull = async (definition: ContainerDefinition) => {
    const parameter = definition.repositoryCredentials?.credentialsParameter;
    const ready =
      launch.launchType === 'FARGATE' ? await resources : parameter === undefined || (await auth).ok;
    if (!ready || signal.aborted) return;
    const authResult = await auth;
    const registryAuth =
      parameter !== undefined && authResult.ok ? authResult.value.get(parameter) : undefined;
    if (reporter.pullStartedAt === undefined) {
      reporter.pullStartedAt = context.clock.now();
      reporter.submit();
    }
    try {
      const image = await context.images.pull({
        reference: definition.image,
        ...(registryAuth === undefined ? {} : { credentials: registryAuth }),
        launchType: launch.launchType,
        ...(credentials === undefined ? {} : { executionCredentials: credentials }),
        region: launch.region,
        onResolved: (digest) => {
          reporter.container(definition.name).imageDigest = digest;
          reporter.submit();
        },
        onProgress: (progress) => context.onPullProgress?.(definition.name, progress),
        signal,
      });
      images.set(definition.name, image);
    } catch (error) {
      if (signal.aborted) return; // ended by the task's stop: not this container's failure
      if (!(error instanceof ImagePullError)) throw error;
      reporter.container(definition.name).reason ??= error.reason;
      // Fargate pulls everything before it starts anything; EC2 (default pull behaviour) runs the task
      // without a non-essential container whose pull failed (§5.3).
      if (launch.launchType === 'FARGATE' || definition.essential !== false) {
        context.stop({
          stopCode: 'TaskFailedToStart',
          reason: pullFailureTaskReason(error.reason, launch.launchType),
        });
      }
    } finally {
      reporter.pullStoppedAt = context.clock.now();
    }
  };

  const outcomes = await Promise.allSettled(definitions.map(pull));
  const authResult = await auth;
  if (authResult.ok) authResult.value.clear();
  const ready = await resources;
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  if (reporter.pullStoppedAt !== undefined) reporter.submit();
  if (!ready || signal.aborted) return undefined;

  const secretsResult = await envSecrets;
  const secrets = new Map<string, SecretValue[]>();
  for (const secret of secretsResult.ok ? secretsResult.value : []) {
    if (secret.target !== 'env') continue;
    const list = secrets.get(secret.containerName) ?? [];
    list.push({ name: secret.name, value: secret.value });
    secrets.set(secret.containerName, list);
  }
  return { images, secrets };
}
