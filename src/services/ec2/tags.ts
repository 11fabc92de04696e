/** CreateTags, DeleteTags and DescribeTags over every kind berth keeps (the id's prefix tells the kind). */
import type { RequestContext } from '../../aws/index.js';
import { type FilterFields, matchesFilters } from './domain/filters.js';
import { kindOfId, type ResourceKind, resourceKinds } from './domain/ids.js';
import type { Tag } from './domain/records.js';
import { checkFilters, type Ec2Context } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';

interface TagRow {
  readonly resourceId: string;
  readonly resourceType: ResourceKind;
  readonly key: string;
  readonly value: string;
  readonly tags: readonly Tag[];
}

const tagFields: FilterFields<TagRow> = {
  'resource-id': (row) => row.resourceId,
  'resource-type': (row) => row.resourceType,
  key: (row) => row.key,
  value: (row) => row.value,
};

export class Ec2Tags {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async create(ctx: RequestContext, ids: string[], tags: Tag[]) {
    await this.#change(ctx, ids, (current) => [
      ...current.filter((tag) => !tags.some((t) => t.Key === tag.Key)),
      ...tags,
    ]);
    return undefined;
  }

  /** A tag given with a value is removed only when the value matches; without one, whatever its value. */
  async delete(ctx: RequestContext, ids: string[], tags: { Key: string; Value?: string }[]) {
    await this.#change(ctx, ids, (current) =>
      tags.length === 0
        ? []
        : current.filter(
            (tag) => !tags.some((t) => t.Key === tag.Key && (t.Value === undefined || t.Value === tag.Value)),
          ),
    );
    return undefined;
  }

  async describe(ctx: RequestContext, input: DescribeInput) {
    await this.#x.authorize(ctx);
    const scope = this.#x.scope(ctx);
    const rows = (Object.keys(resourceKinds) as ResourceKind[]).flatMap((kind) =>
      this.#x.store.list(kind, scope).flatMap((record) =>
        record.tags.map((tag) => ({
          resourceId: record.id,
          resourceType: kind,
          key: tag.Key,
          value: tag.Value,
          tags: [],
        })),
      ),
    );
    checkFilters(input.filters, tagFields);
    const matching = rows.filter((row) => matchesFilters(row, input.filters, tagFields));
    return { tagSet: matching.map(({ tags: _, ...row }) => row) };
  }

  async #change(ctx: RequestContext, ids: string[], change: (tags: readonly Tag[]) => Tag[]): Promise<void> {
    const kinds = ids.map((id) => {
      const kind = kindOfId(id);
      if (kind === undefined) throw ec2Errors.invalidId(id);
      return [kind, id] as const;
    });
    for (const [kind, id] of kinds) await this.#x.authorize(ctx, kind, id);
    const scope = this.#x.scope(ctx);
    const records = kinds.map(([kind, id]) => ({ kind, record: this.#x.need(kind, scope, id) }));
    this.#x.store.transaction(() => {
      for (const { kind, record } of records) {
        this.#x.store.put(kind, { ...record, tags: change(record.tags) } as never);
      }
    });
  }
}
