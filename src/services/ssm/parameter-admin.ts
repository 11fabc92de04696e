import type { RequestContext } from '../../aws/index.js';
import { awsTagLimits, isReservedTagKey } from '../../engines/aws-tags/index.js';
import type { ParameterDocument, ParameterTag, VersionDocument } from './domain/parameter-document.js';
import { isValidLabel } from './domain/parameter-name.js';
import { ssmErrors } from './errors.js';
import type { ParameterLookup } from './parameter-lookup.js';
import type { ParameterStore } from './store.js';

/** A version carries at most 10 labels (LabelParameterVersion's documentation). */
const maxLabels = 10;

/**
 * Labels (LabelParameterVersion / UnlabelParameterVersion) and tags (AddTagsToResource / RemoveTagsFromResource /
 * ListTagsForResource with ResourceType `Parameter`, the only resource type berth has).
 */
export class ParameterAdmin {
  readonly #store: ParameterStore;
  readonly #lookup: ParameterLookup;

  constructor(store: ParameterStore, lookup: ParameterLookup) {
    this.#store = store;
    this.#lookup = lookup;
  }

  /**
   * Attaches the valid labels to a version (the latest when none is named), moving each from the version that had
   * it; invalid labels are listed, not refused (the operation's documentation).
   */
  label(ctx: RequestContext, name: string, labels: readonly string[], versionNumber?: number) {
    const invalid = labels.filter((label) => !isValidLabel(label));
    const valid = [...new Set(labels.filter(isValidLabel))];
    const changed = this.#change(ctx, name, (parameter) => {
      const target = this.#version(parameter, versionNumber);
      const versions = parameter.versions.map((v) => {
        if (v.version === target.version) {
          const next = [...v.labels.filter((l) => !valid.includes(l)), ...valid];
          if (next.length > maxLabels) throw ssmErrors.labelLimit();
          return { ...v, labels: next };
        }
        return { ...v, labels: v.labels.filter((l) => !valid.includes(l)) };
      });
      return { parameter: { ...parameter, versions }, result: target.version };
    });
    return { InvalidLabels: invalid, ParameterVersion: changed };
  }

  unlabel(ctx: RequestContext, name: string, labels: readonly string[], versionNumber: number) {
    return this.#change(ctx, name, (parameter) => {
      const target = this.#version(parameter, versionNumber);
      const removed = [...new Set(labels.filter((l) => target.labels.includes(l)))];
      const versions = parameter.versions.map((v) =>
        v.version === target.version ? { ...v, labels: v.labels.filter((l) => !removed.includes(l)) } : v,
      );
      const invalid = labels.filter((l) => !removed.includes(l));
      return {
        parameter: { ...parameter, versions },
        result: { RemovedLabels: removed, InvalidLabels: invalid },
      };
    });
  }

  addTags(ctx: RequestContext, resourceType: string, id: string, tags: readonly ParameterTag[]): void {
    if (tags.some((tag) => isReservedTagKey(tag.key))) throw ssmErrors.reservedTagKey();
    this.#changeTags(ctx, resourceType, id, (current) => {
      const merged = new Map(current.map((tag) => [tag.key, tag.value]));
      for (const tag of tags) merged.set(tag.key, tag.value);
      if (merged.size > awsTagLimits.maxTags) throw ssmErrors.tooManyTags();
      return [...merged].map(([key, value]) => ({ key, value }));
    });
  }

  removeTags(ctx: RequestContext, resourceType: string, id: string, keys: readonly string[]): void {
    this.#changeTags(ctx, resourceType, id, (current) => current.filter((tag) => !keys.includes(tag.key)));
  }

  listTags(ctx: RequestContext, resourceType: string, id: string) {
    const parameter = this.#tagged(ctx, resourceType, id);
    return { TagList: parameter.tags.map((tag) => ({ Key: tag.key, Value: tag.value })) };
  }

  /** The parameter a tagging request names: its ResourceId is the name [INF: berth tags parameters only]. */
  #tagged(ctx: RequestContext, resourceType: string, id: string): ParameterDocument {
    if (resourceType !== 'Parameter') throw ssmErrors.invalidResourceType();
    try {
      return this.#lookup.parameter(ctx, id);
    } catch {
      throw ssmErrors.invalidResourceId();
    }
  }

  #changeTags(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    change: (tags: readonly ParameterTag[]) => ParameterTag[],
  ): void {
    this.#store.transaction(() => {
      const parameter = this.#tagged(ctx, resourceType, id);
      this.#store.put({ ...parameter, tags: change(parameter.tags) });
    });
  }

  #change<T>(
    ctx: RequestContext,
    name: string,
    change: (parameter: ParameterDocument) => { parameter: ParameterDocument; result: T },
  ): T {
    return this.#store.transaction(() => {
      const found = this.#lookup.parameter(ctx, name);
      const { parameter, result } = change(found);
      this.#store.put(parameter);
      return result;
    });
  }

  #version(parameter: ParameterDocument, versionNumber: number | undefined): VersionDocument {
    if (versionNumber === undefined) return parameter.versions.at(-1)!;
    const version = parameter.versions.find((v) => v.version === versionNumber);
    if (!version) throw ssmErrors.versionNotFound(parameter.name, versionNumber);
    return version;
  }
}
