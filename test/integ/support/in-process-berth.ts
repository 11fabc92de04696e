// berth's real composition in this process, on a fresh temporary state dir and a free port, with the operations
// its services register and the root credentials as a WireTarget for raw signed requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose } from '../../../src/cli/compose.js';
import type { WireTarget } from './aws-wire-client.js';
import { type RegisteredOperation, recordingWiring } from './registered-operations.js';

export interface InProcessBerth {
  readonly target: WireTarget;
  readonly operations: readonly RegisteredOperation[];
  /** The definition of a registered service by its name (`iam`, `ecs` …). */
  service(name: string): RegisteredOperation['service'];
  /** Stops berth and removes its state dir. */
  stop(): Promise<void>;
}

export async function startInProcessBerth(): Promise<InProcessBerth> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-in-process-'));
  const recording = recordingWiring();
  const running = await compose(
    {
      stateDir: join(dir, 'state'),
      port: 0,
      accountId: '000000000000',
      region: 'us-east-1',
      rootEnv: {},
      logToStderr: false,
    },
    recording.wiring,
  );
  const operations = await recording.operations();
  return {
    target: {
      endpoint: running.endpoint,
      region: running.region,
      credentials: {
        accessKeyId: running.rootCredentials.accessKeyId,
        secretAccessKey: running.rootCredentials.secretAccessKey.reveal(),
      },
    },
    operations,
    service: (name) => {
      const found = operations.find(({ service }) => service.name === name);
      if (!found) throw new Error(`no service ${name} is registered`);
      return found.service;
    },
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
