// The kill -9 soak (issue 20, "Process-level crash safety"): the built `berth up` takes concurrent writes over HTTP
// (soak-writes.ts) and is killed with SIGKILL at a random moment; it restarts on the same state dir, and every write
// it acknowledged is read back with its exact value, and every push it may have died under shows either nothing
// or the whole blob. Acknowledged writes of all earlier cycles are re-checked by sample.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ecsRouting } from '../../src/services/ecs/ecs-routing.js';
import { iamRouting } from '../../src/services/iam/iam-routing.js';
import { kmsRouting } from '../../src/services/kms/kms-routing.js';
import { secretsManagerRouting } from '../../src/services/secretsmanager/secretsmanager-routing.js';
import { type BerthProcess, berthBin, startBerth, tempStateDir } from '../integ/berth-process.js';
import {
  type Acknowledged,
  type Attempted,
  registryPush,
  type SoakServices,
  soakWrites,
} from './soak-writes.js';

export interface SoakOptions {
  readonly cycles: number;
  readonly writers: number;
  /** berth is killed this long after the writers start: uniformly between the two (ms). */
  readonly killAfterMs: readonly [number, number];
  /** More `berth up` options (`--durability full`). */
  readonly upArgs?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface SoakFigures {
  readonly cycles: number;
  readonly acknowledged: number;
  /** Acknowledged writes not read back exactly: must be empty. */
  readonly lost: readonly string[];
  /** Pushes berth died under that left a partial blob visible: must be empty. */
  readonly torn: readonly string[];
  readonly restartMs: readonly number[];
}

const routings = { ecs: ecsRouting, iam: iamRouting, kms: kmsRouting, secretsmanager: secretsManagerRouting };
const user = { name: 'soak', password: 'soak-password' };

function servicesOf(berth: BerthProcess): SoakServices {
  return {
    target: { endpoint: berth.endpoint, region: berth.region, credentials: berth.credentials },
    registry: {
      endpoint: berth.endpoint,
      authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`,
    },
    service: (name) => routings[name as keyof typeof routings],
  };
}

/** Writers that write until berth dies under them; each acknowledged write and each attempted push is kept. */
async function writeUntilKilled(services: SoakServices, cycle: number, options: SoakOptions) {
  const acknowledged: Acknowledged[] = [];
  const attempted: Attempted[] = [];
  const writer = async (w: number) => {
    for (let i = 0; ; i++) {
      const token = `${cycle}-${w}-${i}-${Math.random().toString(36).slice(2, 8)}`;
      const write = i % 4 === 1 ? registryPush : soakWrites[(w + i) % soakWrites.length]!;
      try {
        const ack = await write(services, token, attempted);
        if (ack) acknowledged.push(ack);
      } catch {
        return; // berth is gone: the connection was refused or reset
      }
    }
  };
  return { running: Array.from({ length: options.writers }, (_, w) => writer(w)), acknowledged, attempted };
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const state = tempStateDir();
  const upArgs = [...(options.upArgs ?? [])];
  let berth = await startBerth({ state, upArgs });
  const added = spawnSync(
    process.execPath,
    [berthBin, 'registry', 'user', 'add', user.name, '--password-stdin', '--state', state],
    {
      input: `${user.password}\n`,
      encoding: 'utf8',
    },
  );
  if (added.status !== 0) throw new Error(`berth registry user add: ${added.stderr}`);
  const all: Acknowledged[] = [];
  const lost: string[] = [];
  const torn: string[] = [];
  const restartMs: number[] = [];
  try {
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const writes = await writeUntilKilled(servicesOf(berth), cycle, options);
      const [low, high] = options.killAfterMs;
      await new Promise((resolve) => setTimeout(resolve, low + Math.random() * (high - low)));
      await berth.stop({ signal: 'SIGKILL', removeState: false });
      await Promise.all(writes.running);
      const started = performance.now();
      berth = await startBerth({ state, upArgs });
      restartMs.push(performance.now() - started);
      const services = servicesOf(berth);
      const earlier = all.filter(() => Math.random() < 30 / Math.max(30, all.length));
      for (const ack of [...writes.acknowledged, ...earlier]) {
        const wrong = await ack.verify(services);
        if (wrong) lost.push(`cycle ${cycle}: ${ack.label}: ${wrong}`);
      }
      for (const attempt of writes.attempted) {
        const wrong = await attempt.verifyWhole(services);
        if (wrong) torn.push(`cycle ${cycle}: ${attempt.label}: ${wrong}`);
      }
      all.push(...writes.acknowledged);
      const kinds = new Map<string, number>();
      for (const ack of writes.acknowledged)
        kinds.set(ack.label.split(' ')[0]!, (kinds.get(ack.label.split(' ')[0]!) ?? 0) + 1);
      options.log?.(
        `cycle ${cycle}: ${writes.acknowledged.length} acknowledged (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}; ${all.length} in all), restart ${Math.round(restartMs.at(-1)!)} ms, lost ${lost.length}, torn ${torn.length}`,
      );
    }
  } finally {
    await berth.stop({ removeState: false });
    rmSync(join(state, '..'), { recursive: true, force: true });
  }
  return { cycles: options.cycles, acknowledged: all.length, lost, torn, restartMs };
}
