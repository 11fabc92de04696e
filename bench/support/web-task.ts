// The ECS side of a benchmark task, set up as the walkthrough does it (test/e2e/support/ecs-world.ts): the registry
// credentials in a secret, an execution role allowed to read exactly that secret, a Fargate task definition of one
// web container with repositoryCredentials. Also a second `berth up` used only as a remote private registry, so that
// the agent's content store starts empty (a berth's own registry shares its content store with its agent).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowGetSecret, type EcsWorld, webContainer } from '../../test/e2e/support/ecs-world.js';
import { type BerthProcess, berthBin, startBerth } from '../../test/integ/berth-process.js';
import { pushLayout } from '../../test/integ/support/skopeo.js';

export interface RegistryLogin {
  readonly username: string;
  readonly password: string;
}

/** Registers `family` running `image` with `login` as its repository credentials; returns `family:revision`. */
export async function registerWebTask(
  world: EcsWorld,
  family: string,
  image: string,
  login: RegistryLogin,
): Promise<string> {
  const secretArn = await world.createSecret(`registry/${family}`, JSON.stringify(login));
  const execution = await world.createRole(`${family}ExecutionRole`, allowGetSecret(secretArn));
  return world.registerFargate(family, [webContainer(image, secretArn)], { execution });
}

export interface RemoteRegistry {
  readonly berth: BerthProcess;
  readonly host: string;
  readonly login: RegistryLogin;
  /** Pushes an OCI layout's `tag` to `<user>/<repo>:latest`; returns the reference. */
  push(layoutDir: string, tag: string, repo: string): Promise<string>;
  /** The registry's access log so far: one entry per request. */
  accessLog(): AccessEntry[];
  stop(): Promise<void>;
}

export interface AccessEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** A `berth up` serving only its registry, with one registry user. */
export async function startRemoteRegistry(taskCidr: string): Promise<RemoteRegistry> {
  const berth = await startBerth({ taskCidr });
  const login = { username: 'remote', password: randomBytes(18).toString('base64url') };
  const added = spawnSync(
    process.execPath,
    [berthBin, 'registry', 'user', 'add', login.username, '--password-stdin', '--state', berth.stateDir],
    { input: `${login.password}\n`, encoding: 'utf8' },
  );
  if (added.status !== 0) {
    await berth.stop();
    throw new Error(`berth registry user add failed: ${added.stderr}`);
  }
  const host = `127.0.0.1:${berth.port}`;
  return {
    berth,
    host,
    login,
    async push(layoutDir, tag, repo) {
      const reference = `${host}/${login.username}/${repo}:latest`;
      await pushLayout(layoutDir, tag, reference, login);
      return reference;
    },
    accessLog: () =>
      readFileSync(join(berth.stateDir, 'berth.log'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"method"'))
        .map((line) => JSON.parse(line) as AccessEntry),
    stop: async () => {
      await berth.stop();
    },
  };
}
