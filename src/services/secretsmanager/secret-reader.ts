import type { RequestContext } from '../../aws/index.js';
import { ascending, keysetPage, pageMembers } from '../../engines/pagination/index.js';
import type { Clock } from '../../ports/index.js';
import { matchesFilters, type SecretFilter } from './domain/list-filters.js';
import {
  describeSecret,
  listEntry,
  type SecretDocument,
  startOfDay,
  type VersionEntry,
  versionListEntry,
} from './domain/secret-document.js';
import { revealValue } from './domain/secret-value.js';
import { current } from './domain/staging-labels.js';
import type { Envelope } from './envelope.js';
import { secretsErrors } from './errors.js';
import { existing, live, type SecretAccess } from './secret-access.js';
import type { SecretStore } from './store.js';

export interface ReaderDeps {
  readonly store: SecretStore;
  readonly access: SecretAccess;
  readonly envelope: Envelope;
  readonly clock: Clock;
}

export interface Page {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface ListRequest extends Page {
  readonly filters: readonly SecretFilter[];
  readonly includePlannedDeletion: boolean;
  readonly sortBy: 'created-date' | 'last-accessed-date' | 'last-changed-date' | 'name';
  readonly sortOrder: 'asc' | 'desc';
}

/** GetSecretValue, DescribeSecret, ListSecrets, ListSecretVersionIds (ref aws-iam-and-protocols §4.3). */
export class SecretReader {
  readonly #deps: ReaderDeps;

  constructor(deps: ReaderDeps) {
    this.#deps = deps;
  }

  async value(
    ctx: RequestContext,
    request: { secretId: string; versionId?: string; versionStage?: string },
  ): Promise<Record<string, unknown>> {
    const { access, store, envelope } = this.#deps;
    const lookup = access.find(ctx, request.secretId);
    await access.authorize(ctx, 'GetSecretValue', lookup, {
      'secretsmanager:VersionId': request.versionId,
      'secretsmanager:VersionStage': request.versionStage,
    });
    const secret = live(lookup);
    const version = pickVersion(secret, request.versionId, request.versionStage);
    const document = store.value(secret.arn, version.versionId);
    if (!document) throw secretsErrors.noValueForVersion(version.versionId);
    const value = await envelope.open(ctx, secret.arn, version.versionId, document);
    this.#touch(secret, version);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...revealValue(value),
      VersionStages: [...version.stages],
      CreatedDate: new Date(version.createdDate),
    };
  }

  async describe(ctx: RequestContext, secretId: string): Promise<Record<string, unknown>> {
    const lookup = this.#deps.access.find(ctx, secretId);
    await this.#deps.access.authorize(ctx, 'DescribeSecret', lookup);
    return describeSecret(existing(lookup));
  }

  /** ListSecrets (authorized by the gateway on `*`): the caller's account and region. */
  list(ctx: RequestContext, request: ListRequest): Record<string, unknown> {
    const secrets = this.#deps.store
      .secrets(ctx.accountId, ctx.region)
      .filter((secret) => request.includePlannedDeletion || secret.deletedDate === undefined)
      .filter((secret) => matchesFilters(secret, request.filters));
    const order = listOrder(request.sortBy, request.sortOrder);
    const page = paginate(sortedBy(secrets, order), request, order);
    return { SecretList: page.items.map(listEntry), ...pageMembers(page, { next: 'NextToken' }) };
  }

  async versions(
    ctx: RequestContext,
    request: Page & { secretId: string; includeDeprecated: boolean },
  ): Promise<Record<string, unknown>> {
    const lookup = this.#deps.access.find(ctx, request.secretId);
    await this.#deps.access.authorize(ctx, 'ListSecretVersionIds', lookup);
    const secret = existing(lookup);
    const versions = secret.versions.filter((v) => request.includeDeprecated || v.stages.length > 0);
    const page = paginate(sortedBy(versions, versionOrder), request, versionOrder);
    return {
      Versions: page.items.map(versionListEntry),
      ...pageMembers(page, { next: 'NextToken' }),
      ARN: secret.arn,
      Name: secret.name,
    };
  }

  /** Records the day of access on the secret and the version, when it changed (a write at most once a day). */
  #touch(secret: SecretDocument, version: VersionEntry): void {
    const day = startOfDay(this.#deps.clock.now());
    if (secret.lastAccessedDate === day && version.lastAccessedDate === day) return;
    try {
      this.#deps.store.update(secret, (fresh) => ({
        ...fresh,
        lastAccessedDate: day,
        versions: fresh.versions.map((v) =>
          v.versionId === version.versionId ? { ...v, lastAccessedDate: day } : v,
        ),
      }));
    } catch {
      // The secret changed or went away meanwhile: the value was read all the same; nothing to record.
    }
  }
}

/** The version GetSecretValue returns: by VersionId, by VersionStage, both (they must agree), or AWSCURRENT. */
function pickVersion(
  secret: SecretDocument,
  versionId: string | undefined,
  stage: string | undefined,
): VersionEntry {
  if (versionId !== undefined) {
    const version = secret.versions.find((v) => v.versionId === versionId);
    if (!version) throw secretsErrors.noValueForVersion(versionId);
    if (stage !== undefined && !version.stages.includes(stage)) throw secretsErrors.stageMismatch();
    return version;
  }
  const label = stage ?? current;
  const version = secret.versions.find((v) => v.stages.includes(label));
  if (!version) throw secretsErrors.noValueForStage(label);
  return version;
}

type SortKey = ListRequest['sortBy'];
interface Order<T> {
  readonly keyOf: (item: T) => readonly string[];
  readonly compare: (a: readonly string[], b: readonly string[]) => number;
}

/** ListSecrets' order: the sort field in the asked direction, then the name (unique), always ascending. */
function listOrder(by: SortKey, direction: 'asc' | 'desc'): Order<SecretDocument> {
  const field = (secret: SecretDocument): string =>
    by === 'name'
      ? secret.name
      : by === 'last-accessed-date'
        ? (secret.lastAccessedDate ?? '')
        : by === 'last-changed-date'
          ? secret.lastChangedDate
          : secret.createdDate;
  const sign = direction === 'asc' ? 1 : -1;
  return {
    keyOf: (secret) => [field(secret), secret.name],
    compare: ([x, xName], [y, yName]) => (x !== y ? (x! < y! ? -sign : sign) : ascending([xName!], [yName!])),
  };
}

/** ListSecretVersionIds' order: oldest first, ties by version id, so that a page token names a stable position. */
const versionOrder: Order<VersionEntry> = {
  keyOf: (version) => [version.createdDate, version.versionId],
  compare: ascending,
};

function sortedBy<T>(items: readonly T[], order: Order<T>): T[] {
  return [...items].sort((a, b) => order.compare(order.keyOf(a), order.keyOf(b)));
}

/**
 * Keyset pages behind an opaque NextToken (default 100 items), so a secret or version added or removed between
 * calls is neither skipped nor served twice; a token berth did not hand out is InvalidNextTokenException.
 */
function paginate<T>(sorted: readonly T[], page: Page, order: Order<T>) {
  return keysetPage(
    sorted,
    { token: page.nextToken, limit: page.maxResults ?? 100 },
    { ...order, invalidToken: secretsErrors.invalidNextToken },
  );
}
