// The wall clock is ports' `systemClock` (one definition); `nodeClock` is the name the composition root imports.
export { systemClock as nodeClock } from '../ports/index.js';
