import type { QueryInputReader } from '../../../aws/index.js';
import { constraints, maxItems } from '../input/constraints.js';

/** Marker and MaxItems, the paging members of IAM's List operations. */
export function readPaging(r: QueryInputReader): { marker?: string; max?: number } {
  return { marker: r.string('Marker', constraints.marker), max: r.integer('MaxItems', maxItems) };
}
