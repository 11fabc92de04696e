import type { Persistence } from '../../ports/index.js';
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
 * IAM's state on the Persistence port. Keys are `${account}/…`; role, user and policy names are unique without
 * regard to case in IAM (IAM User Guide reference_identifiers.md), so their keys use the lower-cased name while the
 * record keeps the name as created. Every write bumps `generation`, which the directory's caches watch.
 */
export class IamStore {
  readonly #db: Persistence;
  #generation = 0;

  constructor(persistence: Persistence) {
    this.#db = persistence;
  }

  /** Changes on every write, so caches of derived data (parsed policies, opened keys) know to drop their entries. */
  get generation(): number {
    return this.#generation;
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn);
  }

  getRole(account: string, name: string): RoleRecord | undefined {
    return this.#db.get(iamCollections.roles, nameKey(account, name));
  }

  putRole(account: string, record: RoleRecord): void {
    this.#write(() => this.#db.put(iamCollections.roles, nameKey(account, record.name), record));
  }

  deleteRole(account: string, name: string): void {
    this.#write(() => this.#db.delete(iamCollections.roles, nameKey(account, name)));
  }

  listRoles(account: string): RoleRecord[] {
    return this.#db.list(iamCollections.roles, { prefix: `${account}/` });
  }

  getUser(account: string, name: string): UserRecord | undefined {
    return this.#db.get(iamCollections.users, nameKey(account, name));
  }

  putUser(account: string, record: UserRecord): void {
    this.#write(() => this.#db.put(iamCollections.users, nameKey(account, record.name), record));
  }

  deleteUser(account: string, name: string): void {
    this.#write(() => this.#db.delete(iamCollections.users, nameKey(account, name)));
  }

  listUsers(account: string): UserRecord[] {
    return this.#db.list(iamCollections.users, { prefix: `${account}/` });
  }

  getPolicy(account: string, name: string): ManagedPolicyRecord | undefined {
    return this.#db.get(iamCollections.policies, nameKey(account, name));
  }

  putPolicy(account: string, record: ManagedPolicyRecord): void {
    this.#write(() => this.#db.put(iamCollections.policies, nameKey(account, record.name), record));
  }

  deletePolicy(account: string, name: string): void {
    this.#write(() => this.#db.delete(iamCollections.policies, nameKey(account, name)));
  }

  listPolicies(account: string): ManagedPolicyRecord[] {
    return this.#db.list(iamCollections.policies, { prefix: `${account}/` });
  }

  /** How a managed policy (customer or AWS managed) is used in `account`. */
  usage(account: string, arn: string): PolicyUsage {
    return this.#db.get<PolicyUsage>(iamCollections.policyUsage, `${account}/${arn}`) ?? noUsage;
  }

  /** Adds `attachments` and `boundaries` (each +1, -1 or 0) to a policy's usage in `account`. */
  countUsage(account: string, arn: string, attachments: number, boundaries: number): void {
    const usage = this.usage(account, arn);
    const next = {
      attachmentCount: usage.attachmentCount + attachments,
      boundaryUsageCount: usage.boundaryUsageCount + boundaries,
    };
    const key = `${account}/${arn}`;
    this.#write(() =>
      next.attachmentCount === 0 && next.boundaryUsageCount === 0
        ? this.#db.delete(iamCollections.policyUsage, key)
        : this.#db.put(iamCollections.policyUsage, key, next),
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
    return this.#db.get(iamCollections.accessKeys, `${account}/${accessKeyId}`);
  }

  putAccessKey(account: string, record: AccessKeyRecord): void {
    this.#write(() => {
      this.#db.put(iamCollections.accessKeys, `${account}/${record.accessKeyId}`, record);
      this.#db.put(iamCollections.accessKeyIndex, record.accessKeyId, { account });
    });
  }

  deleteAccessKey(account: string, accessKeyId: string): void {
    this.#write(() => {
      this.#db.delete(iamCollections.accessKeys, `${account}/${accessKeyId}`);
      this.#db.delete(iamCollections.accessKeyIndex, accessKeyId);
    });
  }

  listAccessKeys(account: string, userName: string): AccessKeyRecord[] {
    const all = this.#db.list<AccessKeyRecord>(iamCollections.accessKeys, { prefix: `${account}/` });
    const wanted = userName.toLowerCase();
    return all.filter((key) => key.userName.toLowerCase() === wanted);
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

/** The storage key of a role, user or policy name: unique without regard to case. */
function nameKey(account: string, name: string): string {
  return `${account}/${name.toLowerCase()}`;
}
