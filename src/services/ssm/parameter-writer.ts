import type { RequestContext } from '../../aws/index.js';
import { ssmArns } from '../../engines/ssm/index.js';
import type { Clock } from '../../ports/index.js';
import {
  defaultKeyAlias,
  type ParameterDocument,
  type ParameterTag,
  type ParameterType,
  type StoredTier,
  type VersionDocument,
} from './domain/parameter-document.js';
import { nameProblem } from './domain/parameter-name.js';
import { ssmErrors } from './errors.js';
import type { ParameterAccess } from './parameter-access.js';
import { scopeOf } from './parameter-lookup.js';
import type { SecureValues } from './secure-values.js';
import type { ParameterStore } from './store.js';

export interface PutRequest {
  readonly name: string;
  readonly value: string;
  readonly type?: ParameterType;
  readonly description?: string;
  readonly keyId?: string;
  readonly overwrite: boolean;
  readonly allowedPattern?: string;
  readonly tags?: readonly ParameterTag[];
  readonly tier?: string;
  readonly dataType?: string;
}

export interface WriterDeps {
  readonly store: ParameterStore;
  readonly secure: SecureValues;
  readonly access: ParameterAccess;
  readonly clock: Clock;
  readonly partition: string;
}

/** Parameter Store keeps the 100 newest versions (ParameterMaxVersionLimitExceeded's documentation). */
const maxVersions = 100;
/** Value sizes per tier (PutParameter's documentation: 4 KB standard, 8 KB advanced). */
const maxValueLength = { Standard: 4096, Advanced: 8192 } as const;
const dataTypes = ['text', 'aws:ec2:image'];

/** PutParameter, DeleteParameter, DeleteParameters. */
export class ParameterWriter {
  readonly #deps: WriterDeps;

  constructor(deps: WriterDeps) {
    this.#deps = deps;
  }

  /**
   * Authorized here, on the parameter's ARN with its tags and the request's as condition keys (parameter-access.ts), then
   * checked in AWS's order as far as it is known, encrypted as the caller, and stored as the next version.
   */
  async put(ctx: RequestContext, request: PutRequest): Promise<{ Version: number; Tier: StoredTier }> {
    const { store, partition } = this.#deps;
    const arn = ssmArns.parameter({ partition, region: ctx.region, account: ctx.accountId }, request.name);
    await this.#deps.access.authorize(ctx, 'ssm:PutParameter', request.name, request.tags);
    const problem = nameProblem(request.name);
    if (problem) throw ssmErrors.name(problem);
    if (request.overwrite && request.tags !== undefined) throw ssmErrors.tagsWithOverwrite();
    const dataType = request.dataType ?? 'text';
    if (!dataTypes.includes(dataType)) throw ssmErrors.dataType(dataType);
    const tier = tierFor(request.tier, request.value);
    if (request.value.length > maxValueLength[tier]) throw ssmErrors.valueTooLong();
    const existing = store.parameter(scopeOf(ctx), request.name);
    const latest = existing?.versions.at(-1);
    if (latest && !request.overwrite) throw ssmErrors.alreadyExists();
    const type = request.type ?? latest?.type;
    if (type === undefined) throw ssmErrors.typeRequired();
    if (latest && type !== latest.type) throw ssmErrors.typeChange();
    // An empty pattern is no pattern [INF]: clients send '' for "none".
    const allowedPattern = (request.allowedPattern ?? latest?.allowedPattern) || undefined;
    if (allowedPattern !== undefined) checkPattern(allowedPattern, request.value);
    const keyId = type === 'SecureString' ? (request.keyId ?? latest?.keyId ?? defaultKeyAlias) : undefined;
    const value =
      type === 'SecureString'
        ? await this.#deps.secure.encrypt(ctx, arn, keyId, request.value)
        : request.value;
    const next = (versions: readonly VersionDocument[]): VersionDocument => ({
      version: (versions.at(-1)?.version ?? 0) + 1,
      type,
      value,
      ...(keyId === undefined ? {} : { keyId }),
      ...optional('description', request.description ?? latest?.description),
      ...optional('allowedPattern', allowedPattern),
      tier,
      dataType,
      labels: [],
      lastModifiedDate: this.#deps.clock.now().toISOString(),
      lastModifiedUser: ctx.caller.principal.arn,
    });
    return store.transaction(() => {
      // Read again: another request may have written the parameter while KMS encrypted.
      const current = store.parameter(scopeOf(ctx), request.name);
      if (current && !request.overwrite) throw ssmErrors.alreadyExists();
      const kept = current ? keepRoom(current) : [];
      const version = next(kept);
      const parameter: ParameterDocument = current
        ? { ...current, versions: [...kept, version] }
        : {
            account: ctx.accountId,
            region: ctx.region,
            name: request.name,
            arn,
            versions: [version],
            tags: request.tags ?? [],
          };
      store.put(parameter);
      return { Version: version.version, Tier: tier };
    });
  }

  delete(ctx: RequestContext, name: string): void {
    if (!this.#deps.store.delete(scopeOf(ctx), name)) throw ssmErrors.parameterNotFound();
  }

  /** ssm:DeleteParameters on every name first, then each deleted or listed as invalid. */
  async deleteMany(ctx: RequestContext, names: readonly string[]) {
    const distinct = [...new Set(names)];
    await this.#deps.access.authorizeEach(ctx, 'ssm:DeleteParameters', distinct);
    const deleted = distinct.filter((name) => this.#deps.store.delete(scopeOf(ctx), name));
    return { DeletedParameters: deleted, InvalidParameters: distinct.filter((n) => !deleted.includes(n)) };
  }
}

/** The tier a value is stored in: Intelligent-Tiering chooses Standard while the value fits. */
function tierFor(tier: string | undefined, value: string): StoredTier {
  if (tier === 'Advanced') return 'Advanced';
  if (tier === 'Intelligent-Tiering' && value.length > maxValueLength.Standard) return 'Advanced';
  return 'Standard';
}

/** AllowedPattern is a regular expression the whole value must match [INF: Java's `matches`]. */
function checkPattern(pattern: string, value: string): void {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    throw ssmErrors.invalidPattern();
  }
  if (!regex.test(value)) throw ssmErrors.patternMismatch(pattern);
}

/** The versions kept when one more is added: the oldest goes at 100, unless a label holds it. */
function keepRoom(parameter: ParameterDocument): readonly VersionDocument[] {
  if (parameter.versions.length < maxVersions) return parameter.versions;
  const oldest = parameter.versions[0]!;
  if (oldest.labels.length > 0) throw ssmErrors.maxVersions(parameter.name, oldest.version);
  return parameter.versions.slice(1);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
