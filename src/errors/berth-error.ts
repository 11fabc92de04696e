import { type BerthErrorCode, berthErrorCodes, type ErrorKind } from './codes.js';

// A global-symbol brand, so `isBerthError` holds across duplicate copies of this module.
const brand = Symbol.for('berth.error');

/** berth's internal error: a stable `BERTH_*` code, its kind, a message, and an optional cause. */
export class BerthError extends Error {
  readonly code: BerthErrorCode;
  readonly kind: ErrorKind;
  readonly [brand] = true;

  constructor(code: BerthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BerthError';
    this.code = code;
    this.kind = berthErrorCodes[code];
  }
}

export function isBerthError(value: unknown): value is BerthError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true;
}

export function hasKind(value: unknown, kind: ErrorKind): boolean {
  return isBerthError(value) && value.kind === kind;
}
