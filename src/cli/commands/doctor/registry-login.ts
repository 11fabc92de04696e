import type { RegistryLogin } from '../../../engines/doctor/index.js';
import { parsePlatform, parseReference, registryApiHost } from '../../../engines/oci/index.js';
import { isBerthError } from '../../../errors/index.js';
import {
  hostKeychain,
  isRegistryError,
  type PasswordCredentials,
  RegistryClient,
} from '../../../registry/client/index.js';

/**
 * C11 live: resolves the image's manifest as the agent does before a pull (challenge, token flow or Basic, then the
 * manifest for linux/amd64, Fargate's platform) with the secret's credentials, or anonymously for a container without
 * them (C12). Only the outcome and the registry's words are kept; the credentials never leave this function.
 */
export async function registryLogin(
  image: string,
  credentials: PasswordCredentials | undefined,
): Promise<RegistryLogin> {
  let client: RegistryClient | undefined;
  try {
    const reference = parseReference(image);
    client = new RegistryClient(
      credentials === undefined ? {} : { keychain: hostKeychain(registryApiHost(reference), credentials) },
    );
    await client.resolve(reference, { platform: parsePlatform('linux/amd64'), strictPlatform: false });
    return { outcome: 'ok', detail: '' };
  } catch (error) {
    if (!isBerthError(error)) throw error;
    const outcomes: Record<string, RegistryLogin['outcome']> = {
      BERTH_REGISTRY_UNAUTHORIZED: 'unauthorized',
      BERTH_REGISTRY_DENIED: 'denied',
      BERTH_REGISTRY_NOT_FOUND: 'not-found',
    };
    const outcome = outcomes[error.code] ?? 'unreachable';
    return { outcome, detail: isRegistryError(error) ? error.message : `${error.code}: ${error.message}` };
  } finally {
    await client?.close();
  }
}
