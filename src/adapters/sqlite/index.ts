export { prefixUpperBound } from './prefix-range.js';
export { SqlitePersistence } from './sqlite-persistence.js';
