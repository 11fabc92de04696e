// Where the state dir is and what runs on it: read by several commands, kept apart from compose.ts so that
// commands which only read (berth env, berth pull) do not load the services.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { nodeRandom } from '../adapters/random.js';
import {
  type InstanceInfo,
  instanceRecord,
  loadMasterKey,
  stateDirLayout,
} from '../adapters/state-dir/index.js';
import { createAesSealer } from '../ports/index.js';

/** `--state` or `~/.berth`, as an absolute path. */
export function resolveStateDir(state: string | undefined): string {
  if (state === undefined || state === '') return join(homedir(), '.berth');
  return stateDirLayout(state.startsWith('~/') ? join(homedir(), state.slice(2)) : state).path;
}

/** The running instance of a state dir (for `berth env`), without creating anything there. */
export function readRunningInstance(state: string | undefined): InstanceInfo {
  const layout = stateDirLayout(resolveStateDir(state));
  return instanceRecord.read(layout.instance, layout.path, () =>
    createAesSealer(loadMasterKey(layout.masterKey, nodeRandom, { create: false })),
  );
}
