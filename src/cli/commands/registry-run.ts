import { randomBytes } from 'node:crypto';
import { SqlitePersistence } from '../../adapters/sqlite/index.js';
import { openStateDir } from '../../adapters/state-dir/index.js';
import { isBerthError } from '../../errors/index.js';
import { RegistryUsers } from '../../registry/server/index.js';
import { badInput, exitCodes } from '../cli-error.js';
import { resolveStateDir } from '../state-location.js';
import type { RegistryCommandOptions } from './registry.js';

/** The implementation of `berth registry …`, loaded only when such a command runs. */
export async function userAdd(name: string, options: RegistryCommandOptions): Promise<number> {
  const password = options.passwordStdin ? await readStdinPassword() : undefined;
  const generated = password === undefined ? randomBytes(18).toString('base64url') : undefined;
  return withUsers(options, (users) => {
    users.add(name, password ?? generated!);
    if (generated !== undefined) process.stdout.write(`${generated}\n`);
    process.stderr.write(`registry user ${name} added\n`);
  });
}

export async function userList(options: RegistryCommandOptions): Promise<number> {
  return withUsers(options, (users) => {
    const rows = users.list().map((u) => ({
      name: u.name,
      createdAt: u.createdAt,
      grants: users.grantsOf(u.name).map((g) => ({ pattern: g.pattern, action: g.action })),
    }));
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ users: rows })}\n`);
      return;
    }
    for (const row of rows) {
      const grants = row.grants.map((g) => `${g.pattern}:${g.action}`).join(' ');
      process.stdout.write(`${row.name}\t${grants || '-'}\n`);
    }
  });
}

export async function userRemove(name: string, options: RegistryCommandOptions): Promise<number> {
  return withUsers(options, (users) => {
    if (!users.remove(name)) throw badInput(`no registry user ${name}`);
    process.stderr.write(`registry user ${name} removed\n`);
  });
}

export async function grant(
  name: string,
  pattern: string,
  action: string,
  options: RegistryCommandOptions,
): Promise<number> {
  if (action !== 'pull' && action !== 'push')
    throw badInput(`the action must be pull or push, not ${JSON.stringify(action)}`);
  return withUsers(options, (users) => {
    users.grant(name, pattern, action);
    process.stderr.write(`granted ${action} on ${pattern} to ${name}\n`);
  });
}

/** Opens the state dir's database directly (SQLite WAL: berth up may be running), runs `fn`, closes it. */
function withUsers(options: RegistryCommandOptions, fn: (users: RegistryUsers) => void): number {
  const persistence = new SqlitePersistence(openStateDir(resolveStateDir(options.state)).database);
  try {
    fn(new RegistryUsers(persistence));
    return exitCodes.ok;
  } catch (error) {
    if (isBerthError(error) && error.kind !== 'invalid-argument' && error.kind !== 'internal') {
      process.stderr.write(`berth: ${error.message}\n`);
      return exitCodes.failure;
    }
    throw error;
  } finally {
    persistence.close();
  }
}

async function readStdinPassword(): Promise<string> {
  if (process.stdin.isTTY)
    throw badInput(
      '--password-stdin: pipe the password in, e.g. printf %s "$PW" | berth registry user add NAME --password-stdin',
    );
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk;
    if (text.length > 64 * 1024) throw badInput('--password-stdin: the password is longer than 64 KiB');
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw badInput('--password-stdin: stdin was empty');
  return password;
}
