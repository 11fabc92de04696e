// A runnable image of a given size for the cold-pull benchmarks: an existing image (the e2e web image: busybox httpd)
// copied into a new OCI layout with extra gzip layers of random files on top, so the task still starts and answers
// while the pull has megabytes to download, verify and unpack. Random bytes do not compress: the layers' stored size
// is what was asked for.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipLayer } from '../../src/cli/demo/image-layer.js';
import {
  type Blob,
  type BuiltImage,
  type LayerEntry,
  OciLayoutBuilder,
} from '../../test/integ/support/oci-layout-builder.js';

export interface PaddedImage {
  readonly layoutDir: string;
  readonly tag: string;
  /** The manifest (and its digest, as DescribeTasks reports it). */
  readonly manifest: Blob;
  readonly layers: readonly Blob[];
  /** Every blob: manifest, config, layers. */
  readonly blobs: readonly Blob[];
  readonly totalBytes: number;
}

const fileBytes = 4 * 1024 * 1024;
const layerMediaType = 'application/vnd.oci.image.layer.v1.tar+gzip';

/**
 * Copies `base` (an image in the layout `baseLayout`) into `layoutDir` and adds `extraLayers` layers of about
 * `bytesPerLayer` random bytes each (files of 4 MiB under /pad<N>/), tagged `tag`.
 */
export async function buildPaddedImage(options: {
  readonly baseLayout: string;
  readonly base: BuiltImage;
  readonly layoutDir: string;
  readonly tag: string;
  readonly extraLayers: number;
  readonly bytesPerLayer: number;
}): Promise<PaddedImage> {
  const builder = new OciLayoutBuilder(options.layoutDir);
  const readBlob = (digest: string) =>
    readFileSync(join(options.baseLayout, 'blobs', 'sha256', digest.slice('sha256:'.length)));
  const layers: Blob[] = options.base.layers.map((layer) =>
    builder.blob(layer.mediaType, readBlob(layer.digest)),
  );
  const config = JSON.parse(readBlob(options.base.config.digest).toString('utf8')) as {
    rootfs: { diff_ids: string[] };
  };
  for (let index = 0; index < options.extraLayers; index++) {
    const entries: LayerEntry[] = [{ path: `pad${index}/`, type: 'directory' }];
    for (let done = 0, file = 0; done < options.bytesPerLayer; file++) {
      const length = Math.min(fileBytes, options.bytesPerLayer - done);
      entries.push({ path: `pad${index}/file${file}`, content: randomBytes(length) });
      done += length;
    }
    const layer = await gzipLayer(entries);
    config.rootfs.diff_ids.push(layer.diffId);
    layers.push(builder.blob(layerMediaType, layer.bytes));
  }
  const configBlob = builder.blob(
    'application/vnd.oci.image.config.v1+json',
    Buffer.from(JSON.stringify(config)),
  );
  const manifest = builder.manifest(configBlob, layers);
  builder.tag(options.tag, manifest);
  builder.finish();
  const blobs = [manifest, configBlob, ...layers];
  return {
    layoutDir: options.layoutDir,
    tag: options.tag,
    manifest,
    layers,
    blobs,
    totalBytes: blobs.reduce((sum, blob) => sum + blob.size, 0),
  };
}
