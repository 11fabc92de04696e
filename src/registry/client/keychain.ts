import { Buffer } from 'node:buffer';
import { BerthError, Secret } from '../../errors/index.js';

/** A username and password (or token used as one: ECR's `AWS` user, Quay `$oauthtoken`, GitLab deploy tokens). */
export interface PasswordCredentials {
  readonly username: string;
  readonly password: Secret;
}

/** An identity (refresh) token, as `docker login` stores for some registries: used with an OAuth2 POST. */
export interface IdentityTokenCredentials {
  readonly identityToken: Secret;
  /** Some token servers want the account name with the refresh token. */
  readonly username?: string;
}

export type RegistryCredentials = PasswordCredentials | IdentityTokenCredentials;

/**
 * The credential seam (containerd `WithAuthCreds`, go-containerregistry `authn.Keychain`): asked with the registry
 * API host (`host[:port]`) each time credentials are needed, answers credentials or undefined for anonymous.
 * The client keeps no copy beyond the request it builds, so rotated credentials (a new ECR token, a new secret
 * version) apply to the next request.
 */
export type Keychain = (
  host: string,
) => RegistryCredentials | undefined | Promise<RegistryCredentials | undefined>;

/** Anonymous everywhere. */
export const anonymousKeychain: Keychain = () => undefined;

/**
 * Credentials for one registry host and nobody else: a repositoryCredentials secret names one registry, and its
 * password must never be offered to another (CVE-2021-41092).
 */
export function hostKeychain(host: string, credentials: RegistryCredentials): Keychain {
  const wanted = host.toLowerCase();
  return (asked) => (asked.toLowerCase() === wanted ? credentials : undefined);
}

/** Tries keychains in order; the first that answers wins (go-containerregistry MultiKeychain). */
export function chainKeychains(...keychains: readonly Keychain[]): Keychain {
  return async (host) => {
    for (const keychain of keychains) {
      const found = await keychain(host);
      if (found !== undefined) return found;
    }
    return undefined;
  };
}

export function isPasswordCredentials(credentials: RegistryCredentials): credentials is PasswordCredentials {
  return (credentials as PasswordCredentials).password !== undefined;
}

/**
 * ECR's GetAuthorizationToken `authorizationToken`: base64 of `AWS:<password>`, valid 12 hours (reference
 * registry-protocol §1.6). ECR is pure Basic auth with that user and password.
 */
export function ecrCredentials(authorizationToken: Secret): PasswordCredentials {
  const decoded = Buffer.from(authorizationToken.reveal(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) {
    throw new BerthError(
      'BERTH_INVALID_CREDENTIALS',
      'an ECR authorization token must be base64 of "user:password"',
    );
  }
  return { username: decoded.slice(0, colon), password: new Secret(decoded.slice(colon + 1)) };
}
