/**
 * Readers of EC2's recurring input members, in its Query names (`Filter.N`, `TagSpecification.N`, `VpcId.N`,
 * `EnableDnsSupport.Value`). Reading only: nothing here looks at state.
 */
import { type QueryInputReader, readQueryTags } from '../../../aws/index.js';
import type { Filter } from '../domain/filters.js';
import type { ResourceKind } from '../domain/ids.js';
import type { Tag } from '../domain/records.js';

export function readFilters(r: QueryInputReader, name = 'Filter'): Filter[] {
  return (r.list(name) ?? []).map((item) => {
    const filter = r.nested(item, name);
    return { name: filter.string('Name', { required: true }), values: filter.strings('Value') ?? [] };
  });
}

/** The tags of the TagSpecification for `kind` (a specification for another resource type is not this one's). */
export function readTagSpecifications(r: QueryInputReader, kind: ResourceKind): Tag[] {
  return (r.list('TagSpecification') ?? []).flatMap((item) => {
    const spec = r.nested(item, 'TagSpecification');
    const type = spec.string('ResourceType');
    const tags = readQueryTags(spec, 'Tag');
    return type === undefined || type === kind ? tags : [];
  });
}

/** `Name.Value=true|false`, EC2's AttributeBooleanValue. */
export function readAttributeBoolean(r: QueryInputReader, name: string): boolean | undefined {
  return r.structure(name)?.boolean('Value');
}

export interface Paging {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export function readPaging(r: QueryInputReader): Paging {
  return { maxResults: r.integer('MaxResults', { min: 5, max: 1000 }), nextToken: r.string('NextToken') };
}

export interface DescribeInput extends Paging {
  readonly ids: string[];
  readonly filters: Filter[];
}

/** A Describe* input: the ids (`<idName>.N`), filters and paging. */
export function readDescribe(r: QueryInputReader, idName: string, filterName = 'Filter'): DescribeInput {
  return { ids: r.strings(idName) ?? [], filters: readFilters(r, filterName), ...readPaging(r) };
}
