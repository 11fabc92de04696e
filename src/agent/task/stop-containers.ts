import { constants } from 'node:os';
import type { RunningContainer } from '../runtime/runtime.js';
import type { ContainerGates } from './container-order.js';
import type { Sleep } from './ports.js';

/** ECS's default stopTimeout (API_ContainerDefinition: 30 s when unset). */
export const defaultStopTimeoutSeconds = 30;

export interface StoppableContainer {
  readonly name: string;
  readonly container: RunningContainer;
  readonly stopTimeoutSeconds: number;
  /** The image's StopSignal (`SIGQUIT`, `QUIT`, `3`), as `docker stop` sends it; SIGTERM when unset. */
  readonly stopSignal?: string;
}

/** Docker's reading of an image StopSignal: a name with or without `SIG`, or a number. */
export function stopSignalOf(stopSignal: string | undefined): NodeJS.Signals {
  if (stopSignal === undefined || stopSignal === '') return 'SIGTERM';
  const byNumber = Object.entries(constants.signals).find(([, n]) => String(n) === stopSignal)?.[0];
  const name =
    byNumber ??
    (stopSignal.toUpperCase().startsWith('SIG')
      ? stopSignal.toUpperCase()
      : `SIG${stopSignal.toUpperCase()}`);
  return name in constants.signals ? (name as NodeJS.Signals) : 'SIGTERM';
}

/**
 * StopTask for the containers of a task (API_StopTask: SIGTERM, or the image's StopSignal as `docker stop` sends,
 * then SIGKILL after the stopTimeout), each after the
 * containers that depend on it have exited. Resolves once every container has exited; a signal that cannot be
 * delivered is reported through `onError` and the wait goes on (the kernel's SIGKILL follows the timeout).
 */
export async function stopContainers(
  running: readonly StoppableContainer[],
  gates: ReadonlyMap<string, ContainerGates>,
  dependents: ReadonlyMap<string, readonly string[]>,
  sleep: Sleep,
  onError: (name: string, error: unknown) => void,
): Promise<void> {
  await Promise.all(
    running.map(async ({ name, container, stopTimeoutSeconds, stopSignal }) => {
      await Promise.all((dependents.get(name) ?? []).map((d) => gates.get(d)?.exited.promise));
      const signal = async (which: NodeJS.Signals) => {
        await container.kill(which).catch((error: unknown) => onError(name, error));
      };
      const exitedOrTimedOut = new AbortController();
      const exited = container.exited.then(() => 'exited' as const);
      await signal(stopSignalOf(stopSignal));
      const first = await Promise.race([
        exited,
        sleep(stopTimeoutSeconds * 1000, exitedOrTimedOut.signal).then(() => 'timeout' as const),
      ]);
      exitedOrTimedOut.abort();
      if (first === 'timeout') await signal('SIGKILL');
      await exited;
    }),
  );
}
