/**
 * The agent's ImageSource: berth's registry client pulls into the content store (agent/pull), then the composition's
 * rootfs cache unpacks (once per image, shared by tasks). Registry credentials from repositoryCredentials go to the
 * image's registry host only, for this pull only: the keychain that holds them belongs to a client made for the
 * pull and closed after it (reference §1.5: the agent blanks them after each call).
 */
import type { ContentStore } from '../../content/index.js';
import {
  type Descriptor,
  type ImageConfig,
  type ImageReference,
  type Platform,
  parseReference,
  registryApiHost,
} from '../../engines/oci/index.js';
import {
  anonymousKeychain,
  hostKeychain,
  type Keychain,
  type RegistryClient,
} from '../../registry/client/index.js';
import { messages } from '../messages.js';
import { ImagePullError, pullFailureReason, pullImage } from '../pull/index.js';
import type { ImagePullRequest, ImageSource, PulledImage } from './ports.js';

export interface RegistryImageSourceOptions {
  /** A registry client asking `keychain` for credentials (the composition adds its transport options). */
  readonly client: (keychain: Keychain) => RegistryClient;
  readonly store: ContentStore;
  /** The unpacked rootfs of a pulled image: RootfsCache.ensureRootfs in `berth up`. */
  readonly ensureRootfs: (config: ImageConfig, layers: readonly Descriptor[]) => Promise<string>;
  /** The platform tasks run on (the host's). */
  readonly platform: Platform;
}

export function createRegistryImageSource(options: RegistryImageSourceOptions): ImageSource {
  return {
    async pull(request: ImagePullRequest): Promise<PulledImage> {
      let reference: ImageReference;
      try {
        reference = parseReference(request.reference);
      } catch (error) {
        // Docker's word for a reference it cannot parse [INF: the control plane validates images first].
        throw new ImagePullError(messages.fargate.other('invalid reference format'), error);
      }
      const { credentials } = request;
      const keychain =
        credentials === undefined
          ? anonymousKeychain
          : hostKeychain(registryApiHost(reference), {
              username: credentials.username.reveal(),
              password: credentials.password,
            });
      const client = options.client(keychain);
      try {
        const { image } = await pullImage({
          client,
          store: options.store,
          reference,
          platform: options.platform,
          launchType: request.launchType,
          onEvent: (event) => {
            if (event.kind === 'resolved') request.onResolved(event.image.digest);
          },
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        });
        let rootfs: string;
        try {
          rootfs = await options.ensureRootfs(image.config, image.manifest.layers);
        } catch (error) {
          const reason = pullFailureReason(error, {
            reference,
            platform: options.platform,
            launchType: request.launchType,
          });
          throw new ImagePullError(reason, error);
        }
        return { rootfs, config: image.config, digest: image.digest };
      } finally {
        await client.close();
      }
    },
  };
}
