/**
 * A lifecycle as a transition table (DESIGN.md: lifecycles are explicit tables, an illegal transition is an error).
 * `table[from]` lists the states one move may reach. `transitions(name, table)` gives the two checks every user
 * needs, so none re-derives an order of its own:
 * - `next(from, to)`, strict, for the party that drives the lifecycle (the agent moving a task): a move the table
 *   does not list is a bug there, BERTH_INTERNAL.
 * - `isForward(from, to)`, for a party that merges reports of it (the ECS service merging the agent's task state,
 *   later the scheduler, stack statuses, target health): whether `to` lies ahead of `from` by any number of
 *   moves, so a late report of an earlier state can be recognised and ignored. A state is ahead of itself only
 *   on a loop.
 */
import { BerthError } from '../../errors/index.js';

export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export interface Transitions<S extends string> {
  /** `to`, when the table allows `from → to`; BERTH_INTERNAL otherwise. */
  next(from: S, to: S): S;
  /** Whether `to` is reachable from `from` by one or more moves. */
  isForward(from: S, to: S): boolean;
}

/** `name` begins the error text (`task status cannot go from RUNNING to PENDING`). */
export function transitions<S extends string>(name: string, table: TransitionTable<S>): Transitions<S> {
  const ahead = reachable(table);
  return {
    next(from, to) {
      if (!table[from].includes(to))
        throw new BerthError('BERTH_INTERNAL', `${name} cannot go from ${from} to ${to}`);
      return to;
    },
    isForward: (from, to) => ahead.get(from)?.has(to) ?? false,
  };
}

/** Every state's set of states reachable in one or more moves (tables are small: a walk per state). */
function reachable<S extends string>(table: TransitionTable<S>): Map<S, Set<S>> {
  const result = new Map<S, Set<S>>();
  for (const start of Object.keys(table) as S[]) {
    const seen = new Set<S>();
    const pending = [...table[start]];
    for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
      if (seen.has(state)) continue;
      seen.add(state);
      pending.push(...table[state]);
    }
    result.set(start, seen);
  }
  return result;
}
