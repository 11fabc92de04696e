// An OCI image (image-spec v1.1) assembled in memory from layer entry lists: gzip layers, the config, the manifest.
// What comes out is ready for the registry client's pushImage, and describes itself as an OCI layout would.
import { computeDigest, type Digest, mediaTypes } from '../../engines/oci/index.js';
import type { PushableImage } from '../../registry/client/index.js';
import { gzipLayer, type LayerEntry, layerTime } from './image-layer.js';

export interface ImagePlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export interface ImageSpec {
  readonly platform: ImagePlatform;
  /** One entry list per layer, bottom first. */
  readonly layers: readonly (readonly LayerEntry[])[];
  readonly cmd: readonly string[];
  readonly env: readonly string[];
}

/** A content descriptor. */
export interface ImageBlob {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
}

/** The image: its manifest's descriptor (the image digest), the config's and the layers', and every blob's bytes. */
export interface OciImage extends ImageBlob {
  readonly config: ImageBlob;
  readonly layers: readonly (ImageBlob & { readonly diffId: Digest })[];
  readonly platform: ImagePlatform;
  /** The blobs (config and layers) and the manifest, as pushImage takes them. */
  readonly content: PushableImage;
}

export async function buildOciImage(spec: ImageSpec): Promise<OciImage> {
  const built = [];
  for (const entries of spec.layers) built.push(await gzipLayer(entries));
  const layers = built.map((layer) => ({
    mediaType: mediaTypes.ociLayerGzip,
    digest: layer.digest,
    size: layer.bytes.byteLength,
    diffId: layer.diffId,
  }));
  const configBytes = json({
    created: layerTime.toISOString(),
    ...spec.platform,
    config: { Env: [...spec.env], Cmd: [...spec.cmd] },
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
  });
  const config = blob(mediaTypes.ociConfig, configBytes);
  const manifestBytes = json({
    schemaVersion: 2,
    mediaType: mediaTypes.ociManifest,
    config: descriptor(config),
    layers: layers.map(descriptor),
  });
  return {
    ...blob(mediaTypes.ociManifest, manifestBytes),
    config,
    layers,
    platform: spec.platform,
    content: {
      blobs: [
        { digest: config.digest, bytes: configBytes },
        ...built.map((layer) => ({ digest: layer.digest, bytes: layer.bytes })),
      ],
      manifest: { mediaType: mediaTypes.ociManifest, bytes: manifestBytes },
    },
  };
}

function blob(mediaType: string, bytes: Uint8Array): ImageBlob {
  return { mediaType, digest: computeDigest(bytes), size: bytes.byteLength };
}

function descriptor(item: ImageBlob): ImageBlob {
  return { mediaType: item.mediaType, digest: item.digest, size: item.size };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
