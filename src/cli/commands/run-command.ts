import { isBerthError } from '../../errors/index.js';
import { exitCodes } from '../cli-error.js';

/**
 * Runs a command's action and turns an expected failure — a BerthError other than bad input (exit 2, printed by
 * main.ts) or a bug — into `berth: <message>` on stderr and exit code 3, rather than main.ts's
 * "internal error" wording: a locked state dir or a taken port is the user's situation, not berth's bug.
 */
export async function runCommand(action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (isBerthError(error) && error.kind !== 'invalid-argument' && error.kind !== 'internal') {
      console.error(`berth: ${error.message}`);
      process.exitCode = exitCodes.failure;
      return;
    }
    throw error;
  }
}
