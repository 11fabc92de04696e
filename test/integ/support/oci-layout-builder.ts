// Builds small OCI image layouts (image-spec image-layout.md) for the integration tests to push with skopeo:
// multi-layer images with whiteouts, symlinks and hard links, and multi-arch indexes with a BuildKit-style
// attestation entry. Everything is generated here from the tests' own file lists; the tar of a layer is made as
// `berth demo` makes its image's (src/cli/demo/image-layer.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type LayerEntry, layerTime as mtime, tarLayer as tarOf } from '../../../src/cli/demo/image-layer.js';

export type { LayerEntry };

export interface ImageSpec {
  readonly os?: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly layers: readonly (readonly LayerEntry[])[];
  readonly cmd?: readonly string[];
  readonly env?: readonly string[];
  /** Default gzip. */
  readonly compression?: 'gzip' | 'none';
  /** Makes the last layer non-distributable, with these `urls` (given its digest): a foreign layer. */
  readonly foreignUrls?: (digest: string) => string[];
}

export interface Blob {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly urls?: readonly string[];
}

export interface BuiltImage extends Blob {
  readonly config: Blob;
  readonly layers: readonly (Blob & { readonly diffId: string })[];
  readonly platform: { os: string; architecture: string; variant?: string };
}

export interface BuiltIndex extends Blob {
  readonly images: readonly BuiltImage[];
  readonly attestation?: Blob;
}

/** An OCI layout directory being filled: blobs are written as they are made, index.json on `finish`. */
export class OciLayoutBuilder {
  readonly dir: string;
  readonly #refs: { descriptor: Blob; tag: string; platform?: BuiltImage['platform'] }[] = [];

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  }

  /** Writes a blob and returns its descriptor. */
  blob(mediaType: string, bytes: Uint8Array): Blob {
    const hex = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(this.dir, 'blobs', 'sha256', hex), bytes);
    return { mediaType, digest: `sha256:${hex}`, size: bytes.byteLength };
  }

  /** Writes an OCI image manifest of `config` and `layers`. */
  manifest(config: Blob, layers: readonly Blob[]): Blob {
    return this.blob(
      'application/vnd.oci.image.manifest.v1+json',
      json({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: descriptor(config),
        layers: layers.map(descriptor),
      }),
    );
  }

  async image(spec: ImageSpec): Promise<BuiltImage> {
    const platform = {
      os: spec.os ?? 'linux',
      architecture: spec.architecture,
      ...(spec.variant ? { variant: spec.variant } : {}),
    };
    const layers: (Blob & { diffId: string; urls?: readonly string[] })[] = [];
    for (const entries of spec.layers) {
      const tar = await tarOf(entries);
      const diffId = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
      const gzip = (spec.compression ?? 'gzip') === 'gzip';
      const bytes = gzip ? gzipSync(tar, { level: 6 }) : tar;
      const mediaType = gzip
        ? 'application/vnd.oci.image.layer.v1.tar+gzip'
        : 'application/vnd.oci.image.layer.v1.tar';
      layers.push({ ...this.blob(mediaType, bytes), diffId });
    }
    const last = layers[layers.length - 1];
    if (spec.foreignUrls !== undefined && last !== undefined) {
      layers[layers.length - 1] = {
        ...last,
        mediaType: last.mediaType.replace('image.layer.v1', 'image.layer.nondistributable.v1'),
        urls: spec.foreignUrls(last.digest),
      };
    }
    const config = this.blob(
      'application/vnd.oci.image.config.v1+json',
      json({
        created: mtime.toISOString(),
        ...platform,
        config: { Env: spec.env ?? ['PATH=/bin'], Cmd: spec.cmd ?? ['/bin/sh'] },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      }),
    );
    const manifest = this.manifest(config, layers);
    return { ...manifest, config, layers, platform };
  }

  /** A multi-arch index of `images`, optionally with an attestation manifest for the first one. */
  index(images: readonly BuiltImage[], options: { attestation?: boolean } = {}): BuiltIndex {
    const manifests: unknown[] = images.map((image) => ({ ...descriptor(image), platform: image.platform }));
    let attestation: Blob | undefined;
    if (options.attestation && images[0] !== undefined) {
      const statement = this.blob(
        'application/vnd.in-toto+json',
        json({ _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://spdx.dev/Document' }),
      );
      const config = this.blob(
        'application/vnd.oci.image.config.v1+json',
        json({
          architecture: 'unknown',
          os: 'unknown',
          config: {},
          rootfs: { type: 'layers', diff_ids: [statement.digest] },
        }),
      );
      attestation = this.manifest(config, [statement]);
      // BuildKit puts attestations first in some indexes; a naive "first entry" picker would take it.
      manifests.unshift({
        ...descriptor(attestation),
        platform: { architecture: 'unknown', os: 'unknown' },
        annotations: {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': images[0].digest,
        },
      });
    }
    const index = this.blob(
      'application/vnd.oci.image.index.v1+json',
      json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }),
    );
    return { ...index, images, ...(attestation ? { attestation } : {}) };
  }

  /** Names a manifest or index in index.json (`org.opencontainers.image.ref.name`), for `oci:DIR:TAG`. */
  tag(tag: string, target: Blob): void {
    this.#refs.push({ descriptor: target, tag });
  }

  finish(): void {
    writeFileSync(
      join(this.dir, 'index.json'),
      json({
        schemaVersion: 2,
        manifests: this.#refs.map((r) => ({
          ...descriptor(r.descriptor),
          annotations: { 'org.opencontainers.image.ref.name': r.tag },
        })),
      }),
    );
  }
}

function descriptor(blob: Blob): Blob {
  return {
    mediaType: blob.mediaType,
    digest: blob.digest,
    size: blob.size,
    ...(blob.urls === undefined ? {} : { urls: blob.urls }),
  };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
