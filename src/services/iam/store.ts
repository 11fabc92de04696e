import { type Persistence, ScopedCollection } from '../../ports/index.js';
import type { AccessKeyRecord } from './domain/access-key.js';
import { type ManagedPolicyRecord, noUsage, type PolicyUsage } from './domain/managed-policy.js';
import type { RoleRecord } from './domain/role.js';
import type { UserRecord } from './domain/user.js';

export const iamCollections = {
  roles: 'iam.roles',
  users: 'iam.users',
  policies: 'iam.policies',
  policyUsage: 'iam.policy-usage',
  accessKeys: 'iam.access-keys',
  /** Access key id → account: the one lookup that starts from a key id alone (request authentication). */
  accessKeyIndex: 'iam.access-key-index',
} as const;

/**
 * IAM's state on the Persistence port, kept per account (IAM is global: no region). Role, user and policy names are
 * unique without regard to case in IAM (IAM User Guide reference_identifiers.md), so their keys use the lower-cased
 * name while the record keeps the name as created. Every write bumps `generation`, which the directory's caches
 * watch.
 */
export class IamStore {
  readonly #db: Persistence;
  readonly #roles: ScopedCollection<RoleRecord>;
  readonly #users: ScopedCollection<UserRecord>;
  readonly #policies: ScopedCollection<ManagedPolicyRecord>;
  readonly #usage: ScopedCollection<PolicyUsage>;
  readonly #accessKeys: ScopedCollection<AccessKeyRecord>;
  #generation = 0;

  constructor(persistence: Persistence) {
    this.#db = persistence;
    const global = { regional: false };
    this.#roles = new ScopedCollection(persistence, iamCollections.roles, global);
    this.#users = new ScopedCollection(persistence, iamCollections.users, global);
    this.#policies = new ScopedCollection(persistence, iamCollections.policies, global);
    this.#usage = new ScopedCollection(persistence, iamCollections.policyUsage, global);
    this.#accessKeys = new ScopedCollection(persistence, iamCollections.accessKeys, global);
  }

  /** Changes on every write, so caches of derived data (parsed policies, opened keys) know to drop their entries. */
  get generation(): number {
    return this.#generation;
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn);
  }

  getRole(account: string, name: string): RoleRecord | undefined {
    return this.#roles.get({ account }, nameKey(name));
  }

  putRole(account: string, record: RoleRecord): void {
    this.#write(() => this.#roles.put({ account }, nameKey(record.name), record));
  }

  deleteRole(account: string, name: string): void {
    this.#write(() => this.#roles.delete({ account }, nameKey(name)));
  }

  listRoles(account: string): RoleRecord[] {
    return this.#roles.list({ account });
  }

  getUser(account: string, name: string): UserRecord | undefined {
    return this.#users.get({ account }, nameKey(name));
  }

  putUser(account: string, record: UserRecord): void {
    this.#write(() => this.#users.put({ account }, nameKey(record.name), record));
  }

  deleteUser(account: string, name: string): void {
    this.#write(() => this.#users.delete({ account }, nameKey(name)));
  }

  listUsers(account: string): UserRecord[] {
    return this.#users.list({ account });
  }

  getPolicy(account: string, name: string): ManagedPolicyRecord | undefined {
    return this.#policies.get({ account }, nameKey(name));
  }

  putPolicy(account: string, record: ManagedPolicyRecord): void {
    this.#write(() => this.#policies.put({ account }, nameKey(record.name), record));
  }

  deletePolicy(account: string, name: string): void {
    this.#write(() => this.#policies.delete({ account }, nameKey(name)));
  }

  listPolicies(account: string): ManagedPolicyRecord[] {
    return this.#policies.list({ account });
  }

  /** How a managed policy (customer or AWS managed) is used in `account`. */
  usage(account: string, arn: string): PolicyUsage {
    return this.#usage.get({ account }, arn) ?? noUsage;
  }

  /** Adds `attachments` and `boundaries` (each +1, -1 or 0) to a policy's usage in `account`. */
  countUsage(account: string, arn: string, attachments: number, boundaries: number): void {
    const usage = this.usage(account, arn);
    const next = {
      attachmentCount: usage.attachmentCount + attachments,
      boundaryUsageCount: usage.boundaryUsageCount + boundaries,
    };
    this.#write(() =>
      next.attachmentCount === 0 && next.boundaryUsageCount === 0
        ? this.#usage.delete({ account }, arn)
        : this.#usage.put({ account }, arn, next),
    );
  }

  /** Policies in use in `account` (ARNs), for ListPolicies OnlyAttached. */
  usedPolicies(account: string): Set<string> {
    const used = new Set<string>();
    for (const holder of [...this.listUsers(account), ...this.listRoles(account)]) {
      for (const arn of holder.attachedPolicies) used.add(arn);
    }
    return used;
  }

  getAccessKey(account: string, accessKeyId: string): AccessKeyRecord | undefined {
    return this.#accessKeys.get({ account }, accessKeyId);
  }

  putAccessKey(account: string, record: AccessKeyRecord): void {
    this.#write(() => {
      this.#accessKeys.put({ account }, record.accessKeyId, record);
      this.#db.put(iamCollections.accessKeyIndex, record.accessKeyId, { account });
    });
  }

  deleteAccessKey(account: string, accessKeyId: string): void {
    this.#write(() => {
      this.#accessKeys.delete({ account }, accessKeyId);
      this.#db.delete(iamCollections.accessKeyIndex, accessKeyId);
    });
  }

  listAccessKeys(account: string, userName: string): AccessKeyRecord[] {
    const wanted = userName.toLowerCase();
    return this.#accessKeys.list({ account }).filter((key) => key.userName.toLowerCase() === wanted);
  }

  /** The account an access key belongs to, from its id alone. */
  accessKeyAccount(accessKeyId: string): string | undefined {
    return this.#db.get<{ account: string }>(iamCollections.accessKeyIndex, accessKeyId)?.account;
  }

  #write(fn: () => unknown): void {
    this.#generation++;
    this.#db.transaction(fn);
  }
}

/** The key of a role, user or policy name: unique without regard to case. */
function nameKey(name: string): string {
  return name.toLowerCase();
}
