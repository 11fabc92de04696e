import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { BerthError } from '../../errors/index.js';
import type { Persistence } from '../../ports/index.js';
import { checkName } from './names.js';

export type GrantAction = 'pull' | 'push';

export interface RegistryUser {
  readonly name: string;
  /** `scrypt$N$r$p$salt$hash` (salt and hash in hex). */
  readonly passwordHash: string;
  readonly createdAt: string;
}

export interface RegistryGrant {
  readonly user: string;
  /** A repository name where `*` matches any characters, `/` included. */
  readonly pattern: string;
  readonly action: GrantAction;
}

const users = 'registry-users';
const grants = 'registry-grants';
const scryptParams = { N: 16384, r: 8, p: 1 } as const;
const userNameRe = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const patternRe = /^[a-z0-9*][a-z0-9._\-/*]{0,254}$/;

/**
 * Registry users (scrypt password hashes) and their per-repository grants, in Persistence. The server must be given
 * an uncached Persistence here: the `berth registry` commands write from another process while berth up runs.
 */
export class RegistryUsers {
  constructor(private readonly persistence: Persistence) {}

  add(name: string, password: string, now: Date = new Date()): RegistryUser {
    if (!userNameRe.test(name))
      throw new BerthError('BERTH_INVALID_ARGUMENT', `invalid registry user name ${JSON.stringify(name)}`);
    if (password.length === 0)
      throw new BerthError('BERTH_INVALID_ARGUMENT', 'the password must not be empty');
    if (this.persistence.get<RegistryUser>(users, name)) {
      throw new BerthError('BERTH_REGISTRY_USER_EXISTS', `registry user ${name} already exists`);
    }
    const user: RegistryUser = { name, passwordHash: hashPassword(password), createdAt: now.toISOString() };
    this.persistence.put(users, name, user);
    return user;
  }

  /** Removes the user and every grant of theirs; false when there was no such user. */
  remove(name: string): boolean {
    return this.persistence.transaction(() => {
      for (const grant of this.grantsOf(name)) this.persistence.delete(grants, grantKey(grant));
      return this.persistence.delete(users, name);
    });
  }

  get(name: string): RegistryUser | undefined {
    return this.persistence.get<RegistryUser>(users, name);
  }

  list(): RegistryUser[] {
    return this.persistence.list<RegistryUser>(users).sort((a, b) => a.name.localeCompare(b.name));
  }

  grant(user: string, pattern: string, action: GrantAction): RegistryGrant {
    if (!this.get(user)) throw new BerthError('BERTH_REGISTRY_USER_NOT_FOUND', `no registry user ${user}`);
    if (!patternRe.test(pattern) || (!pattern.includes('*') && !isName(pattern))) {
      throw new BerthError('BERTH_INVALID_ARGUMENT', `invalid repository pattern ${JSON.stringify(pattern)}`);
    }
    if (action !== 'pull' && action !== 'push') {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `the action must be pull or push, not ${JSON.stringify(action)}`,
      );
    }
    const value: RegistryGrant = { user, pattern, action };
    this.persistence.put(grants, grantKey(value), value);
    return value;
  }

  grantsOf(user: string): RegistryGrant[] {
    return this.persistence
      .list<RegistryGrant>(grants, { prefix: `${user}\0` })
      .filter((g) => g.user === user);
  }

  /**
   * Whether `user` may do `action` on `repository`: every user owns the namespace named after them (`alice` may push
   * and pull `alice/…`, as on Docker Hub); beyond it, grants decide, and a push grant includes pull.
   */
  allows(user: string, repository: string, action: GrantAction): boolean {
    if (repository.startsWith(`${user}/`)) return true;
    return this.grantsOf(user).some(
      (g) =>
        (g.action === action || (action === 'pull' && g.action === 'push')) &&
        patternMatches(g.pattern, repository),
    );
  }
}

export function patternMatches(pattern: string, repository: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(repository);
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, scryptParams);
  return `scrypt$${scryptParams.N}$${scryptParams.r}$${scryptParams.p}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(password, Buffer.from(salt, 'hex'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

function grantKey(grant: RegistryGrant): string {
  return `${grant.user}\0${grant.pattern}\0${grant.action}`;
}

function isName(value: string): boolean {
  try {
    checkName(value);
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
