// The registry benchmark's image: uncompressed tar layers of random bytes in an OCI layout (image-spec
// image-layout.md), built through the integration tests' OciLayoutBuilder. Layers are streamed to disk, hashed on
// the way, so building 1 GiB holds one 16 MiB file in memory at a time (≈ 3 s here, most of it sha256).
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, renameSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { type Blob, OciLayoutBuilder } from '../../test/integ/support/oci-layout-builder.js';

export interface RandomLayerImage {
  readonly layoutDir: string;
  readonly tag: string;
  /** Every blob the image is made of (layers, config, manifest): what a push or a pull moves. */
  readonly totalBytes: number;
  readonly layerBytes: number;
  readonly layers: readonly Blob[];
}

const fileBytes = 16 * 1024 * 1024;
const layerMediaType = 'application/vnd.oci.image.layer.v1.tar';
const mtime = new Date('2026-01-01T00:00:00Z');

/** Builds `layers` layers of about `bytesPerLayer` each into `layoutDir`, tagged `tag`. */
export async function buildRandomLayerImage(
  layoutDir: string,
  tag: string,
  layers: number,
  bytesPerLayer: number,
): Promise<RandomLayerImage> {
  const builder = new OciLayoutBuilder(layoutDir);
  const written: Blob[] = [];
  for (let index = 0; index < layers; index++)
    written.push(await writeLayer(layoutDir, index, bytesPerLayer));
  const config = builder.blob(
    'application/vnd.oci.image.config.v1+json',
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        // Uncompressed layers: each diffID is the layer's own digest.
        rootfs: { type: 'layers', diff_ids: written.map((layer) => layer.digest) },
      }),
    ),
  );
  const manifest = builder.manifest(config, written);
  builder.tag(tag, manifest);
  builder.finish();
  const layerBytes = written.reduce((sum, layer) => sum + layer.size, 0);
  return {
    layoutDir,
    tag,
    layers: written,
    layerBytes,
    totalBytes: layerBytes + config.size + manifest.size,
  };
}

/** One layer: a tar of 16 MiB files of random bytes, written under a temporary name, renamed to its digest. */
async function writeLayer(layoutDir: string, index: number, bytes: number): Promise<Blob> {
  const archive = pack();
  const hash = createHash('sha256');
  let size = 0;
  const partial = join(layoutDir, `layer-${index}.partial`);
  const writing = pipeline(
    archive,
    async function* (source: AsyncIterable<unknown>) {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(partial),
  );
  for (let file = 0, done = 0; done < bytes; file++) {
    const length = Math.min(fileBytes, bytes - done);
    await new Promise<void>((resolve, reject) =>
      archive.entry(
        { name: `layer${index}/file${file}`, size: length, mode: 0o644, mtime, uid: 0, gid: 0 },
        randomBytes(length),
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    done += length;
  }
  archive.finalize();
  await writing;
  const hex = hash.digest('hex');
  renameSync(partial, join(layoutDir, 'blobs', 'sha256', hex));
  return { mediaType: layerMediaType, digest: `sha256:${hex}`, size };
}
