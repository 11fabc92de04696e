import { BerthError } from '../errors/index.js';

/** Exit codes every berth command uses. */
export const exitCodes = { ok: 0, denied: 1, badInput: 2, failure: 3 } as const;

/** Bad command-line input: printed as `berth: <message>` with exit code 2. */
export function badInput(message: string): BerthError {
  return new BerthError('BERTH_INVALID_ARGUMENT', message);
}
