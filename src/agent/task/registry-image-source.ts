/**
 * The agent's ImageSource: berth's registry client pulls into the content store (agent/pull) while the composition's
 * rootfs cache unpacks (once per image, shared by tasks), each layer as soon as it and those before it have arrived.
 * Registry credentials from repositoryCredentials go to the image's registry host only, for this pull only: the
 * keychain that holds them belongs to a client made for the pull and closed after it (reference §1.5: the agent
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
  type ResolvedImage,
} from '../../registry/client/index.js';
import { messages } from '../messages.js';
import { ImagePullError, LayerArrivals, pullFailureReason, pullImage } from '../pull/index.js';
import type { ImagePullRequest, ImageSource, PulledImage } from './ports.js';

export interface RegistryImageSourceOptions {
  /** A registry client asking `keychain` for credentials (the composition adds its transport options). */
  readonly client: (keychain: Keychain) => RegistryClient;
  readonly store: ContentStore;
  /**
   * The unpacked rootfs of a pulled image: RootfsCache.ensureRootfs in `berth up`. With `layerReady`, it may start
   * before the download ends, awaiting each layer before applying it.
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
      const arrivals = new LayerArrivals();
      let unpacking: Promise<string> | undefined;
      try {
        let image: ResolvedImage;
        try {
          ({ image } = await pullImage({
            client,
            store: options.store,
            reference,
            platform: options.platform,
            launchType: request.launchType,
            onEvent: (event) => {
              if (event.kind === 'layer') arrivals.progress(event.progress);
              if (event.kind !== 'resolved') return;
              request.onResolved(event.image.digest);
              // The unpack starts with the download and applies each layer as soon as it has arrived (in order).
              unpacking = options.ensureRootfs(event.image.config, event.image.manifest.layers, {
                layerReady: (layer) => arrivals.wait(layer.digest),
              });
              // Marked handled now: it may fail while the download goes on, and is awaited only after it.
              unpacking.catch(() => undefined);
            },
            ...(request.signal === undefined ? {} : { signal: request.signal }),
          }));
        } catch (error) {
          // The unpack that followed the download ends too (its staging removed) before the failure is reported.
          arrivals.fail(error);
          await unpacking?.catch(() => undefined);
          throw error;
        }
        let rootfs: string;
        try {
          // A failed unpack is tried once more with every layer now in the store: the rootfs cache may have joined
          // this task to another task's unpack of the same image, which followed that task's download, since stopped.
          rootfs =
            (await unpacking?.catch(() => undefined)) ??
            (await options.ensureRootfs(image.config, image.manifest.layers));
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
