// engines/concurrency: per-process coordination of async work, no IO.

export { KeyedSerialQueue } from './keyed-serial-queue.js';
export { once } from './once.js';
