/**
 * One task's role credentials as the agent serves them: the ones RunTask assumed, renewed through the control plane
 * once they come close to expiring. berth renews on demand, when a container asks and less than `renewWindowMs`
 * is left, rather than on a timer: the container sees what ECS's refresh gives it (credentials with at least that
 * much time left), and a task that never asks costs no STS call. With STS's default one-hour session and a 30-minute
 * window, an SDK (which comes back 5 to 15 minutes before the expiry it was given) always gets fresh ones.
 */
import type { ExecutionCredentials, TaskRoleCredentials } from '../../engines/ecs/index.js';
import type { Clock } from '../../ports/index.js';

export const renewWindowMs = 30 * 60 * 1000;

export class RenewingCredentials {
  readonly #clock: Clock;
  readonly #renew: () => Promise<ExecutionCredentials>;
  #current: ExecutionCredentials;
  #renewing: Promise<ExecutionCredentials> | undefined;

  constructor(taskRole: TaskRoleCredentials, clock: Clock) {
    this.#current = taskRole.credentials;
    this.#renew = taskRole.renew;
    this.#clock = clock;
  }

  /**
   * The credentials to hand out now. A failed renewal (the role was deleted, its trust changed) leaves the current
   * ones in use while they are valid, as ECS keeps serving what it has; once expired, the failure is the answer.
   */
  async get(): Promise<ExecutionCredentials> {
    const left = this.#current.expiration.getTime() - this.#clock.now().getTime();
    if (left > renewWindowMs) return this.#current;
    this.#renewing ??= this.#renew().finally(() => {
      this.#renewing = undefined;
    });
    try {
      this.#current = await this.#renewing;
    } catch (error) {
      if (left <= 0) throw error;
    }
    return this.#current;
  }
}
