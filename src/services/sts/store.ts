import type { Persistence } from '../../ports/index.js';
import type { SessionRecord } from './domain/session.js';

export const stsCollections = {
  sessions: 'sts.sessions',
  /** Access key id → account: request authentication starts from the key id alone. */
  sessionIndex: 'sts.session-index',
} as const;

/** STS's sessions on the Persistence port, keyed `${account}/${accessKeyId}`. */
export class SessionStore {
  readonly #db: Persistence;

  constructor(persistence: Persistence) {
    this.#db = persistence;
  }

  /** The storage key of a session, also the base of its seal labels. */
  static key(account: string, accessKeyId: string): string {
    return `${account}/${accessKeyId}`;
  }

  put(record: SessionRecord): void {
    this.#db.transaction(() => {
      this.#db.put(stsCollections.sessions, SessionStore.key(record.accountId, record.accessKeyId), record);
      this.#db.put(stsCollections.sessionIndex, record.accessKeyId, { account: record.accountId });
    });
  }

  get(accessKeyId: string): SessionRecord | undefined {
    const account = this.#db.get<{ account: string }>(stsCollections.sessionIndex, accessKeyId)?.account;
    if (account === undefined) return undefined;
    return this.#db.get(stsCollections.sessions, SessionStore.key(account, accessKeyId));
  }

  /**
   * Removes sessions that expired before `before`, at most `limit` of them: they can never authenticate again, and
   * ExpiredToken is only owed for a while after expiry (the verifier answers InvalidClientTokenId afterwards).
   */
  purgeExpired(before: Date, limit = 100): number {
    let removed = 0;
    this.#db.transaction(() => {
      for (const record of this.#db.list<SessionRecord>(stsCollections.sessions)) {
        if (removed >= limit) break;
        if (new Date(record.expiresAt) >= before) continue;
        this.#db.delete(stsCollections.sessions, SessionStore.key(record.accountId, record.accessKeyId));
        this.#db.delete(stsCollections.sessionIndex, record.accessKeyId);
        removed++;
      }
    });
    return removed;
  }
}
