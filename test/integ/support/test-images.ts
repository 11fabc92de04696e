// The small images the registry tests push: one multi-layer amd64 image (whiteouts, symlinks, a hard link and a
// 1 MiB incompressible file, so faults can strike mid-layer), an arm64-only image, and a multi-arch index with a
// BuildKit-style attestation entry listed first.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuiltImage, type BuiltIndex, OciLayoutBuilder } from './oci-layout-builder.js';
import { pushLayout } from './skopeo.js';

export interface TestImages {
  readonly layoutDir: string;
  /** linux/amd64, three layers. Tag `v1`. */
  readonly app: BuiltImage;
  /** linux/arm64 only. Tag `arm-only`. */
  readonly armOnly: BuiltImage;
  /** amd64 + arm64 + arm/v7 and an attestation. Tag `multi`. */
  readonly multi: BuiltIndex;
}

export async function buildTestImages(): Promise<TestImages> {
  const layoutDir = mkdtempSync(join(tmpdir(), 'berth-layout-'));
  const builder = new OciLayoutBuilder(layoutDir);
  const app = await builder.image({
    architecture: 'amd64',
    cmd: ['/bin/hello'],
    layers: [
      [
        { path: 'etc/', type: 'directory' },
        { path: 'etc/os-release', content: 'NAME=berth-test\n' },
        { path: 'etc/old.conf', content: 'old\n' },
        { path: 'bin/', type: 'directory' },
        { path: 'bin/hello', content: '#!/bin/sh\necho hello\n', mode: 0o755 },
      ],
      [
        { path: 'etc/.wh.old.conf' },
        { path: 'bin/hi', type: 'symlink', target: 'hello' },
        { path: 'bin/hello-again', type: 'link', target: 'bin/hello' },
      ],
      [{ path: 'data/random.bin', content: randomBytes(1024 * 1024) }],
    ],
  });
  const variant = (architecture: string, v?: string) =>
    builder.image({
      architecture,
      ...(v ? { variant: v } : {}),
      layers: [[{ path: 'etc/arch', content: `${architecture}${v ? `/${v}` : ''}\n` }]],
    });
  const armOnly = await variant('arm64');
  const armV7 = await variant('arm', 'v7');
  const multi = builder.index([app, armOnly, armV7], { attestation: true });
  builder.tag('v1', app);
  builder.tag('arm-only', armOnly);
  builder.tag('multi', multi);
  builder.finish();
  return { layoutDir, app, armOnly, multi };
}

/** Pushes the three tags to `host/repository`. */
export async function pushTestImages(
  images: TestImages,
  host: string,
  repository: string,
  credentials?: { username: string; password: string },
): Promise<void> {
  const creds = credentials ?? {};
  await pushLayout(images.layoutDir, 'v1', `${host}/${repository}:v1`, creds);
  await pushLayout(images.layoutDir, 'arm-only', `${host}/${repository}:arm-only`, creds);
  await pushLayout(images.layoutDir, 'multi', `${host}/${repository}:multi`, { ...creds, all: true });
}

/** A Sleep that records the waits asked for and waits at most `capMs`, so retry tests are fast and exact. */
export function recordingSleep(capMs = 5): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, capMs)));
    },
  };
}
