import type { RequestContext } from '../../aws/index.js';
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

/** GetSecretValue, DescribeSecret, ListSecrets, ListSecretVersionIds (reference §4.3). */
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
      .filter((secret) => matchesFilters(secret, request.filters))
      .sort(order(request.sortBy, request.sortOrder));
    const { items, nextToken } = paginate(secrets, request, 100);
    return { SecretList: items.map(listEntry), NextToken: nextToken };
  }

  async versions(
    ctx: RequestContext,
    request: Page & { secretId: string; includeDeprecated: boolean },
  ): Promise<Record<string, unknown>> {
    const lookup = this.#deps.access.find(ctx, request.secretId);
    await this.#deps.access.authorize(ctx, 'ListSecretVersionIds', lookup);
    const secret = existing(lookup);
    const versions = secret.versions.filter((v) => request.includeDeprecated || v.stages.length > 0);
    const { items, nextToken } = paginate(versions, request, 100);
    return {
      Versions: items.map(versionListEntry),
      NextToken: nextToken,
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

function order(by: SortKey, direction: 'asc' | 'desc') {
  const field = (secret: SecretDocument): string =>
    by === 'name'
      ? secret.name
      : by === 'last-accessed-date'
        ? (secret.lastAccessedDate ?? '')
        : by === 'last-changed-date'
          ? secret.lastChangedDate
          : secret.createdDate;
  const sign = direction === 'asc' ? 1 : -1;
  return (a: SecretDocument, b: SecretDocument) => {
    const [x, y] = [field(a), field(b)];
    if (x !== y) return x < y ? -sign : sign;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  };
}

/** Offset pagination behind an opaque NextToken; a token berth did not hand out is InvalidNextTokenException. */
export function paginate<T>(
  all: readonly T[],
  page: Page,
  defaultSize: number,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (page.nextToken !== undefined) {
    const match = /^o(\d{1,9})$/.exec(Buffer.from(page.nextToken, 'base64url').toString('utf8'));
    if (!match || Number(match[1]) > all.length) throw secretsErrors.invalidNextToken();
    start = Number(match[1]);
  }
  const end = start + (page.maxResults ?? defaultSize);
  const nextToken = end < all.length ? Buffer.from(`o${end}`, 'utf8').toString('base64url') : undefined;
  return { items: all.slice(start, end), nextToken };
}
