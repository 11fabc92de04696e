export { prefixUpperBound } from './prefix-range.js';
export { type Durability, type SqliteOptions, SqlitePersistence } from './sqlite-persistence.js';
