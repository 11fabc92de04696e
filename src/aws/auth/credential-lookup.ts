import type { Secret } from '../../errors/index.js';
import type { CallerPrincipal } from '../context.js';

/**
 * What the credential store knows about one access key: its secret, for temporary credentials the session token
 * and expiry, and the principal it authenticates as. Secrets stay wrapped in `Secret` so that they print as `***`.
 */
export interface StoredCredentials {
  readonly secretAccessKey: Secret;
  /** Present for temporary (ASIA…) credentials: the request must carry exactly this token. */
  readonly sessionToken?: Secret;
  /** When temporary credentials stop working (ExpiredToken after it). */
  readonly expiresAt?: Date;
  readonly principal: CallerPrincipal;
}

/**
 * The port through which the verifier finds credentials (IAM users' keys, STS sessions, root keys). Returns
 * undefined for an unknown key. Injected by the composition root; the wire layer holds no credential state.
 */
export type CredentialLookup = (accessKeyId: string) => Promise<StoredCredentials | undefined>;
