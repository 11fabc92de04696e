// Ctrl-C during the demo must not leave a container, a network namespace or a temporary state dir behind: the demo
// listens for SIGINT and SIGTERM while it walks, and stops its tasks and berth before it exits.

export interface Interruption {
  /** Resolves with the first SIGINT or SIGTERM. */
  readonly signalled: Promise<NodeJS.Signals>;
  /** Removes the handlers: a later signal has its default effect again (a second Ctrl-C while stopping exits). */
  dispose(): void;
}

export function listenForInterruption(): Interruption {
  let handler: ((signal: NodeJS.Signals) => void) | undefined;
  const dispose = () => {
    if (handler === undefined) return;
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    handler = undefined;
  };
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    handler = (signal) => {
      dispose();
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
  return { signalled, dispose };
}
