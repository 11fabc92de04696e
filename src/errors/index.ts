export { BerthError, hasKind, isBerthError } from './berth-error.js';
export { type BerthErrorCode, berthErrorCodes, type ErrorKind } from './codes.js';
export { Secret } from './secret.js';
