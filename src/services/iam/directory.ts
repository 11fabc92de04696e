import { tryParseArn } from '../../engines/arn/index.js';
import { findAwsManagedPolicy, type Policy } from '../../engines/iam/index.js';
import { Secret } from '../../errors/index.js';
import type { Sealer } from '../../ports/index.js';
import { type ManagedPolicyRecord, managedPolicy } from './domain/managed-policy.js';
import { policyDocument } from './domain/policy-document.js';
import type { RoleRecord } from './domain/role.js';
import { tags } from './domain/tags.js';
import type { UserRecord } from './domain/user.js';
import { type IamStore, iamCollections } from './store.js';

/** An IAM user's access key as request authentication needs it (StoredCredentials-compatible). */
export interface AccessKeyEntry {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly status: 'Active' | 'Inactive';
  readonly userName: string;
  /** The user the key authenticates as: `aws:userid` is the user's AIDA… id. */
  readonly principal: { readonly arn: string; readonly accountId: string; readonly userId: string };
}

/** What IAM evaluation needs to know about a user or role (the role's sessions add their own session data). */
export interface IamIdentity {
  readonly kind: 'user' | 'role';
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  /** AIDA… for users, AROA… for roles. */
  readonly uniqueId: string;
  /** Inline policies (named by their policy name) and attached managed policies (named by ARN), parsed. */
  readonly identityPolicies: readonly Policy[];
  readonly boundary?: Policy;
  readonly tags: Readonly<Record<string, string>>;
}

/** A role as STS needs it to assume it. */
export interface RoleEntry {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly roleId: string;
  readonly accountId: string;
  readonly trustPolicy: Policy;
  readonly maxSessionDuration: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Read access to IAM's state for request authentication and authorization, used by the composition root (credential
 * lookup, identity resolver, STS's RoleDirectory) on every request. Results are computed once — sealed secrets
 * opened, documents parsed — and kept until the next IAM write, which drops every cached entry (IAM changes are
 * rare; GetSecretValue at thousands of requests per second resolves its caller through here).
 */
export class IamDirectory {
  readonly #store: IamStore;
  readonly #sealer: Sealer;
  readonly #partition: string;
  readonly #cache = new Map<string, unknown>();
  readonly #catalogue = new Map<string, ManagedPolicyRecord>();
  #generation = -1;

  constructor(store: IamStore, sealer: Sealer, partition: string) {
    this.#store = store;
    this.#sealer = sealer;
    this.#partition = partition;
  }

  findAccessKey(accessKeyId: string): AccessKeyEntry | undefined {
    return this.#cached(`key:${accessKeyId}`, () => {
      const account = this.#store.accessKeyAccount(accessKeyId);
      const record = account === undefined ? undefined : this.#store.getAccessKey(account, accessKeyId);
      const owner = record && this.#store.getUser(account!, record.userName);
      if (!record || !owner) return undefined;
      const label = `${iamCollections.accessKeys}/${account}/${accessKeyId}`;
      return {
        accessKeyId,
        secretAccessKey: new Secret(this.#sealer.open(record.sealedSecret, label).toString('utf8')),
        status: record.status,
        userName: owner.name,
        principal: { arn: owner.arn, accountId: account!, userId: owner.userId },
      };
    });
  }

  /** The user or role with exactly this ARN (path included), with its policies parsed; undefined if none. */
  identityOf(arn: string): IamIdentity | undefined {
    return this.#cached(`identity:${arn}`, () => {
      const found = this.#holder(arn);
      if (!found) return undefined;
      const { kind, account, record } = found;
      const uniqueId = found.kind === 'role' ? found.record.roleId : found.record.userId;
      const inline = record.inlinePolicies.map((p) => policyDocument.parse(p.document, 'identity', p.name));
      const attached = record.attachedPolicies.flatMap((policyArn) => {
        const policy = this.managedPolicy(policyArn);
        return policy ? [this.#parseDefault(policy)] : [];
      });
      const boundaryRecord = record.permissionsBoundary && this.managedPolicy(record.permissionsBoundary);
      return {
        kind,
        arn: record.arn,
        accountId: account,
        name: record.name,
        uniqueId,
        identityPolicies: [...inline, ...attached],
        boundary: boundaryRecord ? this.#parseDefault(boundaryRecord) : undefined,
        tags: tags.toRecord(record.tags),
      };
    });
  }

  findRoleByArn(arn: string): RoleEntry | undefined {
    return this.#cached(`role:${arn}`, () => {
      const found = this.#holder(arn);
      if (found?.kind !== 'role') return undefined;
      const { record } = found;
      return {
        arn: record.arn,
        name: record.name,
        path: record.path,
        roleId: record.roleId,
        accountId: found.account,
        trustPolicy: policyDocument.parse(record.trustPolicy, 'trust', record.name),
        maxSessionDuration: record.maxSessionDuration,
        tags: tags.toRecord(record.tags),
      };
    });
  }

  /** The default version of a managed policy (customer or AWS managed), parsed; for session PolicyArns. */
  findManagedPolicy(arn: string): Policy | undefined {
    return this.#cached(`policy:${arn}`, () => {
      const record = this.managedPolicy(arn);
      return record ? this.#parseDefault(record) : undefined;
    });
  }

  /** A managed policy by ARN: AWS managed from the catalogue, customer managed from the store. */
  managedPolicy(arn: string): ManagedPolicyRecord | undefined {
    const awsPrefix = `arn:${this.#partition}:iam::aws:policy/`;
    if (arn.startsWith(awsPrefix)) {
      // The catalogue never changes: its records are made once and kept.
      let record = this.#catalogue.get(arn);
      if (!record) {
        const entry = findAwsManagedPolicy(`arn:aws:iam::aws:policy/${arn.slice(awsPrefix.length)}`);
        if (!entry) return undefined;
        record = managedPolicy.fromCatalogue(entry, arn);
        this.#catalogue.set(arn, record);
      }
      return record;
    }
    const parsed = parseIamArn(arn, this.#partition, 'policy');
    const record = parsed && this.#store.getPolicy(parsed.account, parsed.name);
    return record?.arn === arn ? record : undefined;
  }

  #holder(
    arn: string,
  ):
    | { kind: 'role'; account: string; record: RoleRecord }
    | { kind: 'user'; account: string; record: UserRecord }
    | undefined {
    const role = parseIamArn(arn, this.#partition, 'role');
    if (role) {
      const record = this.#store.getRole(role.account, role.name);
      return record?.arn === arn ? { kind: 'role', account: role.account, record } : undefined;
    }
    const user = parseIamArn(arn, this.#partition, 'user');
    if (user) {
      const record = this.#store.getUser(user.account, user.name);
      return record?.arn === arn ? { kind: 'user', account: user.account, record } : undefined;
    }
    return undefined;
  }

  #parseDefault(record: ManagedPolicyRecord): Policy {
    return policyDocument.parse(managedPolicy.defaultVersion(record).document, 'identity', record.arn);
  }

  #cached<T>(key: string, compute: () => T): T {
    if (this.#generation !== this.#store.generation) {
      this.#cache.clear();
      this.#generation = this.#store.generation;
    }
    if (this.#cache.has(key)) return this.#cache.get(key) as T;
    const value = compute();
    // Unknown keys are remembered too (undefined), so a flood of bad key ids costs one lookup each, bounded below.
    if (this.#cache.size >= maxCached) this.#cache.clear();
    this.#cache.set(key, value);
    return value;
  }
}

const maxCached = 50_000;

/** `arn:P:iam::ACCOUNT:role/path/NAME` → account and name, for the given resource type. */
export function parseIamArn(
  arn: string,
  partition: string,
  type: 'role' | 'user' | 'policy',
): { account: string; name: string; path: string } | undefined {
  const parsed = tryParseArn(arn);
  if (!parsed || parsed.partition !== partition || parsed.service !== 'iam' || parsed.region !== '')
    return undefined;
  if (!/^\d{12}$/.test(parsed.account) || !parsed.resource.startsWith(`${type}/`)) return undefined;
  const rest = parsed.resource.slice(type.length);
  const slash = rest.lastIndexOf('/');
  const name = rest.slice(slash + 1);
  if (name === '') return undefined;
  return { account: parsed.account, name, path: rest.slice(0, slash + 1) };
}
