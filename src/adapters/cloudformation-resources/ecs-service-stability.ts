import { DescribeServicesCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import { ProvisionError } from '../../services/cloudformation/resource-provisioner.js';
import { handled, handlerFailure } from './handler-failure.js';

// CloudFormation does not finish an AWS::ECS::Service until the service is stable, and fails it with the circuit
// breaker's text when the rollout fails (ref cloudformation-cdk §5.3, §1.6). Stable is the ServicesStable waiter's
// predicate (one deployment, runningCount == desiredCount, not DRAINING/INACTIVE, ref cloudformation-cdk §5.3) on the
// deployment this create or update started, with its rollout COMPLETED — berth completes a rollout only once its tasks
// pass the target group's health checks, which is when the tasks serve through the load balancer.

export interface StabilityOptions {
  /** How often DescribeServices is polled. */
  readonly pollMs: number;
  /** CloudFormation's handler timeout (180 min for AWS::ECS::Service create and update, ref cloudformation-cdk §5.3). */
  readonly timeoutMs: number;
}

export const defaultStability: StabilityOptions = { pollMs: 500, timeoutMs: 180 * 60_000 };

/** The text of a Service resource whose deployment the circuit breaker failed (ref cloudformation-cdk §1.6). */
export const circuitBreakerMessage =
  "Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.";

export interface Watched {
  readonly cluster: string | undefined;
  readonly serviceArn: string;
  /** The deployment the create or update started (PRIMARY in its answer); undefined when deleting. */
  readonly deploymentId?: string | undefined;
}

type Verdict = 'stable' | 'failed' | 'gone' | 'waiting';

/** Where `service` stands for CloudFormation, watching `deploymentId`. */
export function stabilityOf(service: Service | undefined, deploymentId: string | undefined): Verdict {
  if (!service || service.status === 'INACTIVE' || service.status === 'DRAINING') return 'gone';
  const deployments = service.deployments ?? [];
  const ours = deployments.find((d) => d.id === deploymentId);
  // Rolled back (ours is no longer PRIMARY, or gone) or failed without rollback: the breaker tripped.
  if (deploymentId !== undefined && (ours?.status !== 'PRIMARY' || ours.rolloutState === 'FAILED'))
    return 'failed';
  const [only] = deployments;
  const settled =
    deployments.length === 1 &&
    service.runningCount === service.desiredCount &&
    (only?.rolloutState === undefined || only.rolloutState === 'COMPLETED');
  return settled ? 'stable' : 'waiting';
}

/** Polls until the service is stable; throws CloudFormation's texts when it fails, vanishes, times out or is cancelled. */
export function untilStable(
  client: ECSClient,
  watched: Watched,
  signal: AbortSignal,
  options: StabilityOptions,
  cancelled: string,
): Promise<Service> {
  return pollService(client, watched, signal, options, cancelled, (service) => {
    const verdict = stabilityOf(service, watched.deploymentId);
    if (verdict === 'failed') throw handlerFailure(circuitBreakerMessage, 'GeneralServiceException');
    // A service deleted under the deployment cannot settle.
    if (verdict === 'gone') throw notStable(watched);
    return verdict === 'stable' ? service : undefined;
  });
}

/** Polls until DeleteService has drained the service to INACTIVE (the ServicesInactive waiter's predicate). */
export async function untilInactive(
  client: ECSClient,
  watched: Watched,
  signal: AbortSignal,
  options: StabilityOptions,
): Promise<void> {
  await pollService(client, watched, signal, options, 'Resource deletion cancelled', (service) =>
    !service || service.status === 'INACTIVE' ? true : undefined,
  );
}

/** DescribeServices every pollMs until `decide` answers (or throws); the deadline and cancellation end it too. */
async function pollService<T>(
  client: ECSClient,
  watched: Watched,
  signal: AbortSignal,
  options: StabilityOptions,
  cancelled: string,
  decide: (service: Service | undefined) => T | undefined,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (signal.aborted) throw new ProvisionError(cancelled);
    const out = await handled('Ecs', () =>
      client.send(
        new DescribeServicesCommand({
          ...(watched.cluster ? { cluster: watched.cluster } : {}),
          services: [watched.serviceArn],
        }),
      ),
    );
    const decided = decide(out.services?.[0]);
    if (decided !== undefined) return decided;
    if (Date.now() >= deadline) throw notStable(watched);
    await pause(options.pollMs, signal);
  }
}

// The text CloudFormation gave, before registry handlers, for a service that never settled (ref cloudformation-cdk §5.3).
function notStable(watched: Watched): ProvisionError {
  return new ProvisionError(`Service ${watched.serviceArn} did not stabilize.`);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
