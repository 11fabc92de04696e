// engines/lifecycle: lifecycles as transition tables, with the strict and the forward-only check (pure).

export { type Transitions, type TransitionTable, transitions } from './transitions.js';
