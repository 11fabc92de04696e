/**
 * The agent's ImageSource: berth's registry client pulls into the content store (agent/pull) while the composition's
 * rootfs cache unpacks (once per image, shared by tasks), each layer while it downloads, in order.
 * Registry credentials from repositoryCredentials go to the image's registry host only, for this pull only: the
 * keychain that holds them belongs to a client made for the pull and closed after it (ref registry-protocol §1.5: the agent
 * blanks them after each call).
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
import { ImagePullError, type LaunchType, pullImage, type UnpackStep } from '../pull/index.js';
import { chainId } from '../unpack/index.js';
import type { ImagePullRequest, ImageSource, PulledImage } from './ports.js';

export interface RegistryImageSourceOptions {
  /**
   * A registry client asking `keychain` for credentials; the composition adds its transport options, which may
   * depend on the launch type (registry trust settings apply to EC2 tasks only).
   */
  readonly client: (keychain: Keychain, launchType: LaunchType) => RegistryClient;
  readonly store: ContentStore;
  /**
   * The unpacked rootfs of a pulled image: RootfsCache.ensureRootfs in `berth up`. With `layerReady`, it may start
   * before the download ends, awaiting each layer (readable, following its download) before applying it.
   */
  readonly ensureRootfs: (
    config: ImageConfig,
    layers: readonly Descriptor[],
    options?: { readonly layerReady?: (layer: Descriptor) => Promise<void> },
  ) => Promise<string>;
  /** The platform tasks run on (the host's). */
  readonly platform: Platform;
}

export function createRegistryImageSource(options: RegistryImageSourceOptions): ImageSource {
  /** The pull's unpack step: the rootfs cache, following the download. */
  const unpackThroughCache: UnpackStep = async ({ image, layerReady, layerStored }) => {
    const { config } = image;
    const { layers } = image.manifest;
    let rootfs: string;
    try {
      rootfs = await options.ensureRootfs(config, layers, { layerReady });
    } catch {
      // Tried once more when every layer is in the store (a failed download rejects here): the rootfs cache may
      // have joined this task to another task's unpack of the same image, which followed that task's download,
      // since stopped. A real unpack failure fails again, and that error is the one reported.
      for (const layer of layers) await layerStored(layer);
      rootfs = await options.ensureRootfs(config, layers);
    }
    return { rootfs, chainId: chainId(config.diffIds) };
  };
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
      const client = options.client(keychain, request.launchType);
      try {
        const { image, unpacked } = await pullImage({
          client,
          store: options.store,
          reference,
          platform: options.platform,
          launchType: request.launchType,
          unpack: unpackThroughCache,
          onEvent: (event) => {
            if (event.kind === 'resolved') request.onResolved(event.image.digest);
            if (event.kind === 'layer') request.onProgress?.(event.progress);
          },
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        });
        return { rootfs: unpacked!.rootfs, config: image.config, digest: image.digest };
      } finally {
        await client.close();
      }
    },
  };
}
