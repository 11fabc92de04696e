export { CachingPersistence, type CachingPersistenceOptions } from './caching-persistence.js';
export { type Clock, systemClock } from './clock.js';
export { MemoryPersistence } from './memory-persistence.js';
export type { Persistence } from './persistence.js';
export type { Random } from './random.js';
export { type Scope, ScopedCollection } from './scoped-collection.js';
export { createAesSealer, type Sealer } from './sealer.js';
export { systemTimer, type Timer } from './timer.js';
