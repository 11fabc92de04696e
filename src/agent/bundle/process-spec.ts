/**
 * What a container runs, as ECS (through Docker) decides it from the image config and the container definition:
 * argv, environment, working directory and user. The precedence is Docker's create-time merge, which the ECS agent
 * relies on (it passes entryPoint, command, environment, workingDirectory and user straight to Docker).
 */
import type { ContainerDefinition } from '../../engines/ecs/index.js';
import type { ContainerConfig } from '../../engines/oci/index.js';
import { BerthError, type Secret } from '../../errors/index.js';
import type { ProcessSpec } from '../runtime/runtime.js';
import { type AccountFiles, readAccountFiles, resolveUser } from './resolve-user.js';

/** Docker's PATH for Linux containers whose image sets none (oci.DefaultPathEnv). */
export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A `secrets` entry of the definition with the value the agent fetched for it (ref ecs-private-auth §6.6). */
export interface SecretValue {
  readonly name: string;
  readonly value: Secret;
}

export interface ProcessSpecInput {
  readonly image: ContainerConfig;
  readonly definition: Pick<
    ContainerDefinition,
    'entryPoint' | 'command' | 'environment' | 'workingDirectory' | 'user'
  >;
  /** The definition's secrets with their values, in definition order. */
  readonly secrets?: readonly SecretValue[];
  /** The container's hostname, also given to the process as HOSTNAME. */
  readonly hostname: string;
  /** The unpacked image: /etc/passwd and /etc/group are read from it (inside it) to resolve user names. */
  readonly rootfs: string;
}

/** Builds the ProcessSpec; BERTH_INVALID_ARGUMENT with Docker's text when there is nothing to run or no such user. */
export function resolveProcessSpec(input: ProcessSpecInput): ProcessSpec {
  return processSpecFrom(input, readAccountFiles(input.rootfs));
}

/** The same, with the image's account files already read (or absent). */
export function processSpecFrom(
  input: Omit<ProcessSpecInput, 'rootfs'>,
  accounts: AccountFiles,
): ProcessSpec {
  const { image, definition } = input;
  const args = commandLine(image, definition);
  const cwd = workingDirectory(definition.workingDirectory || image.workingDir || '/');
  const user = resolveUser(definition.user || image.user || '', accounts);
  return {
    args,
    env: environment(input),
    cwd,
    uid: user.uid,
    gid: user.gid,
    ...(user.additionalGids.length > 0 ? { additionalGids: user.additionalGids } : {}),
  };
}

/**
 * Docker's merge: a definition entryPoint replaces the image's Entrypoint *and* drops the image's Cmd (only the
 * definition's command follows it); otherwise the image Entrypoint stays and command replaces Cmd. Empty arrays
 * count as absent, as they do on Docker's API (omitempty).
 */
function commandLine(image: ContainerConfig, definition: ProcessSpecInput['definition']): string[] {
  const entryPoint = nonEmpty(definition.entryPoint);
  const command = nonEmpty(definition.command);
  const args = entryPoint
    ? [...entryPoint, ...(command ?? [])]
    : [...(image.entrypoint ?? []), ...(command ?? image.cmd ?? [])];
  if (args.length === 0) throw new BerthError('BERTH_INVALID_ARGUMENT', 'no command specified');
  return args;
}

/**
 * Docker's order (CreateDaemonEnvironment): PATH and HOSTNAME first, then the image's Env, then the definition's
 * environment, then the secrets, each replacing a same-named earlier entry in place. ECS merges secrets last, so a
 * secret overrides an `environment` entry of the same name (reference/ecs-private-auth.md §6 item 6, Injection).
 * An image entry without `=` removes the variable (Docker's ReplaceOrAppendEnvValues).
 */
function environment(input: Omit<ProcessSpecInput, 'rootfs'>): string[] {
  const env = new Map<string, string>([
    ['PATH', defaultPath],
    ['HOSTNAME', input.hostname],
  ]);
  for (const entry of input.image.env) {
    const at = entry.indexOf('=');
    if (at === -1) env.delete(entry);
    else env.set(entry.slice(0, at), entry.slice(at + 1));
  }
  for (const { name, value } of input.definition.environment ?? []) env.set(name, value);
  for (const { name, value } of input.secrets ?? []) env.set(name, value.reveal());
  return [...env].map(([name, value]) => `${name}=${value}`);
}

function workingDirectory(dir: string): string {
  if (!dir.startsWith('/')) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `the working directory '${dir}' is invalid, it needs to be an absolute path`,
    );
  }
  const parts: string[] = [];
  for (const part of dir.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function nonEmpty(list: readonly string[] | undefined): readonly string[] | undefined {
  return list && list.length > 0 ? list : undefined;
}
