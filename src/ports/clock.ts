/** The time, injected so that expiry, skew and timestamps can be tested without waiting. */
export interface Clock {
  now(): Date;
}

/**
 * The wall clock of the machine, for the running control plane and agent: SigV4 skew and presigned-URL expiry, STS
 * session expiry, timestamps in responses. It lives here rather than in adapters/ because registry/client uses it
 * as its default and may not import adapters. Tests inject their own Clock instead.
 */
export const systemClock: Clock = { now: () => new Date() };
