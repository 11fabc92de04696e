import { BerthError } from '../../errors/index.js';
import { type Descriptor, parsePlatformObject } from './descriptor.js';
import type { Digest } from './digest.js';
import { type JsonFields, type JsonObject, jsonFields } from './json-fields.js';
import type { ImageManifest } from './manifest.js';
import type { Platform } from './platform.js';
import { quote } from './quote.js';

/** Image configs are capped like manifests (containers/image iolimits: 4 MiB). */
export const maxImageConfigBytes = 4 * 1024 * 1024;

/** The runtime defaults of an image (image-spec config.md `config`); Docker's PascalCase keys. */
export interface ContainerConfig {
  /** `NAME=value` entries as the image states them. */
  readonly env: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly stopSignal?: string;
  /** `port/proto` keys of ExposedPorts. */
  readonly exposedPorts?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

/** An image config blob (application/vnd.oci.image.config.v1+json or Docker's), validated. */
export interface ImageConfig extends Platform {
  readonly config: ContainerConfig;
  /** Uncompressed layer digests, in layer order (the third hash of §0 item 5). */
  readonly diffIds: readonly Digest[];
  readonly created?: string;
}

/** Parses an image config; with `expectedDigest` (the manifest's config descriptor) the bytes are checked first. */
export function parseImageConfig(bytes: Uint8Array, options: { expectedDigest?: Digest } = {}): ImageConfig {
  const fields = jsonFields('BERTH_INVALID_IMAGE_CONFIG', 'invalid image config');
  const doc = fields.document(bytes, maxImageConfigBytes, options.expectedDigest);
  const created = fields.optionalString(doc.created, 'created');
  return {
    ...parsePlatformObject(doc, '', fields)!,
    config: readContainerConfig(fields.optionalObject(doc.config, 'config'), fields),
    diffIds: readDiffIds(doc.rootfs, fields),
    ...(created === undefined ? {} : { created }),
  };
}

/**
 * Pairs each layer with its diffID. A count mismatch means the config does not describe these layers, and
 * unpacking would apply unverified content, so it is refused.
 */
export function layersWithDiffIds(
  manifest: Pick<ImageManifest, 'layers'>,
  config: Pick<ImageConfig, 'diffIds'>,
): { layer: Descriptor; diffId: Digest }[] {
  if (manifest.layers.length !== config.diffIds.length) {
    throw new BerthError(
      'BERTH_INVALID_IMAGE_CONFIG',
      `invalid image config: rootfs.diff_ids has ${config.diffIds.length} entries for ${manifest.layers.length} layers`,
    );
  }
  return manifest.layers.map((layer, i) => ({ layer, diffId: config.diffIds[i]! }));
}

function readContainerConfig(object: JsonObject | undefined, fields: JsonFields): ContainerConfig {
  if (object === undefined) return { env: [] };
  const entrypoint = fields.optionalStringArray(object.Entrypoint, 'config.Entrypoint');
  const cmd = fields.optionalStringArray(object.Cmd, 'config.Cmd');
  const workingDir = fields.optionalString(object.WorkingDir, 'config.WorkingDir');
  const user = fields.optionalString(object.User, 'config.User');
  const stopSignal = fields.optionalString(object.StopSignal, 'config.StopSignal');
  const ports = fields.optionalObject(object.ExposedPorts, 'config.ExposedPorts');
  const labels = fields.optionalStringMap(object.Labels, 'config.Labels');
  return {
    env: fields.optionalStringArray(object.Env, 'config.Env') ?? [],
    ...(entrypoint === undefined ? {} : { entrypoint }),
    ...(cmd === undefined ? {} : { cmd }),
    ...(workingDir ? { workingDir } : {}),
    ...(user ? { user } : {}),
    ...(stopSignal ? { stopSignal } : {}),
    ...(ports === undefined ? {} : { exposedPorts: Object.keys(ports) }),
    ...(labels === undefined ? {} : { labels }),
  };
}

function readDiffIds(value: unknown, fields: JsonFields): Digest[] {
  const rootfs = fields.object(value, 'rootfs');
  const type = fields.string(rootfs.type, 'rootfs.type');
  if (type !== 'layers') fields.fail(`rootfs.type must be "layers", got ${quote(type)}`);
  return fields
    .array(rootfs.diff_ids, 'rootfs.diff_ids')
    .map((item, i) => fields.digest(item, `rootfs.diff_ids[${i}]`));
}
