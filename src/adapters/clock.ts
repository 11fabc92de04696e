import type { Clock } from '../ports/index.js';

/**
 * The wall clock of the machine, for the running control plane: SigV4 skew and presigned-URL expiry, STS session
 * expiry, timestamps in responses. Tests inject their own Clock instead.
 */
export const nodeClock: Clock = { now: () => new Date() };
