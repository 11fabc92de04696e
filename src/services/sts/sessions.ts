import { arnBuilders } from '../../engines/arn/index.js';
import type { Policy } from '../../engines/iam/index.js';
import { parsePolicy } from '../../engines/iam/index.js';
import { Secret } from '../../errors/index.js';
import type { Clock, Persistence, Random, Sealer } from '../../ports/index.js';
import { credentials } from './domain/credentials.js';
import { type SessionRecord, sessionLabels } from './domain/session.js';
import type { Tag } from './input/session-request.js';
import type { AssumableRole, RoleDirectory } from './role-directory.js';
import { SessionStore, stsCollections } from './store.js';

/** A session as request authentication and authorization need it (StoredCredentials-compatible). */
export interface StsSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly sessionToken: Secret;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** The session principal: `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`, userId `AROA…:SESSION`. */
  readonly principal: { readonly arn: string; readonly accountId: string; readonly userId: string };
  readonly roleArn: string;
  readonly roleId: string;
  readonly sessionName: string;
  /** Session policies (inline Policy and PolicyArns), parsed; undefined when none were passed (ref aws-iam-and-protocols §1.6). */
  readonly sessionPolicies?: readonly Policy[];
  /** Session tags: `aws:PrincipalTag/…` on top of the role's own tags. */
  readonly tags: Readonly<Record<string, string>>;
  readonly sourceIdentity?: string;
}

/** What a new session's owner receives. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly sessionToken: Secret;
  readonly expiration: Date;
  /** `AROA…:SESSION` */
  readonly assumedRoleId: string;
  /** `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION` */
  readonly assumedRoleArn: string;
}

export interface IssueRequest {
  readonly role: AssumableRole;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly sessionPolicy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly Tag[];
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
  readonly issuedTo: string;
}

interface OpenedSession {
  readonly session: StsSession;
  readonly policyArns: readonly string[];
}

const maxCached = 50_000;
const purgeEvery = 256;
const keepExpiredMs = 24 * 3600_000;

/**
 * Makes sessions and finds them again. Found sessions are kept in memory (secrets opened, policies parsed): a
 * session never changes, and every request signed with its key looks it up.
 */
export class StsSessions {
  readonly #store: SessionStore;
  readonly #sealer: Sealer;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #partition: string;
  readonly #roles: RoleDirectory;
  readonly #cache = new Map<string, OpenedSession>();
  #issued = 0;

  constructor(deps: {
    persistence: Persistence;
    sealer: Sealer;
    clock: Clock;
    random: Random;
    partition: string;
    roles: RoleDirectory;
  }) {
    this.#roles = deps.roles;
    this.#store = new SessionStore(deps.persistence);
    this.#sealer = deps.sealer;
    this.#clock = deps.clock;
    this.#random = deps.random;
    this.#partition = deps.partition;
  }

  issue(request: IssueRequest): IssuedCredentials {
    const { role, sessionName } = request;
    // STS reports times to the second; the session starts at the second the request was served.
    const issuedAt = new Date(Math.floor(this.#clock.now().getTime() / 1000) * 1000);
    const expiresAt = new Date(issuedAt.getTime() + request.durationSeconds * 1000);
    const accessKeyId = credentials.accessKeyId(this.#random);
    const secret = credentials.secretAccessKey(this.#random);
    const token = credentials.sessionToken(this.#random);
    const key = SessionStore.key(role.accountId, accessKeyId);
    const sessionArn = arnBuilders.assumedRole(this.#partition, role.accountId, role.name, sessionName);
    const record: SessionRecord = {
      accessKeyId,
      sealedSecret: this.#sealer.seal(
        Buffer.from(secret, 'utf8'),
        sessionLabels.secret(stsCollections.sessions, key),
      ),
      sealedToken: this.#sealer.seal(
        Buffer.from(token, 'utf8'),
        sessionLabels.token(stsCollections.sessions, key),
      ),
      issuedAt: issuedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      accountId: role.accountId,
      roleArn: role.arn,
      roleId: role.roleId,
      roleName: role.name,
      sessionName,
      sessionArn,
      sessionPolicy: request.sessionPolicy,
      policyArns: request.policyArns ?? [],
      tags: request.tags ?? [],
      transitiveTagKeys: request.transitiveTagKeys ?? [],
      sourceIdentity: request.sourceIdentity,
      issuedTo: request.issuedTo,
    };
    this.#store.put(record);
    if (++this.#issued % purgeEvery === 0) this.#purge();
    return {
      accessKeyId,
      secretAccessKey: new Secret(secret),
      sessionToken: new Secret(token),
      expiration: expiresAt,
      assumedRoleId: `${role.roleId}:${sessionName}`,
      assumedRoleArn: sessionArn,
    };
  }

  /** The session of a temporary access key id (expired ones too, so that the verifier can say ExpiredToken). */
  findSession(accessKeyId: string): StsSession | undefined {
    let opened = this.#cache.get(accessKeyId);
    if (!opened) {
      const record = this.#store.get(accessKeyId);
      if (!record) return undefined;
      opened = this.#open(record);
      if (this.#cache.size >= maxCached) this.#cache.clear();
      this.#cache.set(accessKeyId, opened);
    }
    const { session, policyArns } = opened;
    if (policyArns.length === 0) return session;
    // Managed session policies are read live (the directory caches them), so a new default version applies.
    const managed = policyArns.flatMap((arn) => {
      const policy = this.#roles.findManagedPolicy(arn);
      return policy ? [policy] : [];
    });
    return { ...session, sessionPolicies: [...(session.sessionPolicies ?? []), ...managed] };
  }

  #open(record: SessionRecord): OpenedSession {
    const key = SessionStore.key(record.accountId, record.accessKeyId);
    const open = (sealed: string, label: string) =>
      new Secret(this.#sealer.open(sealed, label).toString('utf8'));
    const inline =
      record.sessionPolicy === undefined
        ? []
        : [parsePolicy(record.sessionPolicy, { kind: 'identity', name: 'session policy' })];
    const limited = record.sessionPolicy !== undefined || record.policyArns.length > 0;
    const session: StsSession = {
      accessKeyId: record.accessKeyId,
      secretAccessKey: open(record.sealedSecret, sessionLabels.secret(stsCollections.sessions, key)),
      sessionToken: open(record.sealedToken, sessionLabels.token(stsCollections.sessions, key)),
      issuedAt: new Date(record.issuedAt),
      expiresAt: new Date(record.expiresAt),
      principal: {
        arn: record.sessionArn,
        accountId: record.accountId,
        userId: `${record.roleId}:${record.sessionName}`,
      },
      roleArn: record.roleArn,
      roleId: record.roleId,
      sessionName: record.sessionName,
      sessionPolicies: limited ? inline : undefined,
      tags: Object.fromEntries(record.tags.map((tag) => [tag.Key, tag.Value])),
      sourceIdentity: record.sourceIdentity,
    };
    return { session, policyArns: record.policyArns };
  }

  #purge(): void {
    const before = new Date(this.#clock.now().getTime() - keepExpiredMs);
    if (this.#store.purgeExpired(before) === 0) return;
    for (const [id, opened] of this.#cache) if (opened.session.expiresAt < before) this.#cache.delete(id);
  }
}
