import type { LaunchType } from '../../agent/pull/index.js';
import { type Keychain, RegistryClient, type TransportOptions } from '../../registry/client/index.js';

/**
 * The agent's registry clients: an EC2-launch-type task's pull gets `berth up`'s registry trust settings (CA bundles,
 * plain-HTTP hosts), as an ECS container instance's Docker daemon would; a Fargate task's does not, since Fargate has
 * no such setting (ref peers-and-misconfigurations §C17: a private CA fails there with x509's text).
 */
export function agentRegistryClient(
  trust: TransportOptions | undefined,
): (keychain: Keychain, launchType: LaunchType) => RegistryClient {
  return (keychain, launchType) =>
    new RegistryClient({ keychain, ...(launchType === 'EC2' && trust ? trust : {}) });
}
