#!/usr/bin/env node
import { CommanderError } from 'commander';
import { isBerthError } from '../errors/index.js';
import { exitCodes } from './cli-error.js';
import { buildProgram } from './program.js';

const program = buildProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; help and version are not errors.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
  }
  if (isBerthError(error) && error.kind === 'invalid-argument') {
    console.error(`berth: ${error.message}`);
    return exitCodes.badInput;
  }
  console.error(`berth: internal error: ${error instanceof Error ? error.message : String(error)}`);
  return exitCodes.failure;
}
