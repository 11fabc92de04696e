/**
 * ECS's list pages (maxResults/nextToken) on the shared keyset pages: a token ECS did not hand out is
 * InvalidParameterException with ECS's text.
 */
import { ecsMessages } from '../../../engines/ecs/index.js';
import { descending, keysetPage, type Page } from '../../../engines/pagination/index.js';
import { ecsErrors } from '../errors.js';

/** `sorted` is in `order` of `keyOf` (ascending unless 'desc'). */
export function paginate<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  maxResults: number,
  nextToken: string | undefined,
  order: 'asc' | 'desc' = 'asc',
): Page<T> {
  return keysetPage(
    sorted,
    { token: nextToken, limit: maxResults },
    {
      keyOf,
      compare: order === 'desc' ? descending : undefined,
      invalidToken: () => ecsErrors.invalidParameter(ecsMessages.invalidNextToken),
    },
  );
}
