// The demo's web image, built on the spot from the host's static busybox (Debian busybox-static): busybox httpd
// serving /www on port 8080, with sh and a few tools. Two layers, like a real app image: the base (busybox, its
// applet links, /etc/passwd and group, /tmp), then the site (/www/index.html). The end-to-end tests build the
// same image (test/e2e/support/web-image.ts).
import { readFileSync } from 'node:fs';
import { parsePlatform } from '../../engines/oci/index.js';
import { hostPlatform } from '../host-platform.js';
import type { LayerEntry } from './image-layer.js';
import { buildOciImage, type ImagePlatform, type OciImage } from './oci-image.js';

/** Where Debian's busybox-static puts its static binary. */
export const busyboxPath = '/bin/busybox';

export const webPort = 8080;

/**
 * The image's Cmd. httpd as PID 1 would ignore SIGTERM (no handler; the kernel drops default-action signals to a
 * namespace's init), so StopTask would wait out stopTimeout and SIGKILL it: a shell that forwards TERM stops at once.
 */
export const webCommand: readonly string[] = [
  'sh',
  '-c',
  `httpd -f -p ${webPort} -h /www & pid=$!; trap 'kill $pid; wait $pid; exit 143' TERM; wait $pid`,
];

/** busybox applets linked into /bin: the server, the shell, and what tests run inside tasks. */
export const webTools: readonly string[] = [
  'sh',
  'httpd',
  'cat',
  'env',
  'id',
  'wget',
  'sleep',
  'echo',
  'ls',
  'tr',
  'printf',
  'trap',
  'kill',
];

export const defaultWebTitle = 'hello from berth';

/** The page served at `/`; the title tells images apart. */
export function webPage(title: string = defaultWebTitle): string {
  return `<h1>${title}</h1>\n`;
}

/** The two layers' entries: the base with busybox, then the site with `page`. */
export function webImageLayers(busybox: Uint8Array, page: string): LayerEntry[][] {
  const base: LayerEntry[] = [
    { path: 'bin/', type: 'directory' },
    { path: 'bin/busybox', content: busybox, mode: 0o755 },
    ...webTools.map((tool): LayerEntry => ({ path: `bin/${tool}`, type: 'symlink', target: 'busybox' })),
    { path: 'etc/', type: 'directory' },
    { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nweb:x:1000:1000:web:/www:/bin/sh\n' },
    { path: 'etc/group', content: 'root:x:0:\nweb:x:1000:\n' },
    { path: 'tmp/', type: 'directory', mode: 0o1777 },
  ];
  const site: LayerEntry[] = [
    { path: 'www/', type: 'directory' },
    { path: 'www/index.html', content: page },
  ];
  return [base, site];
}

export interface WebImageOptions {
  /** The page's title (default "hello from berth"). */
  readonly title?: string;
  /** The busybox binary; default the host's /bin/busybox. */
  readonly busybox?: Uint8Array;
  /** Default this host's platform: the binary is the host's. */
  readonly platform?: ImagePlatform;
}

export interface BuiltWebImage {
  readonly image: OciImage;
  /** The page the image serves at `/`. */
  readonly page: string;
}

/** Builds the web image in memory; the same inputs always give the same digest. */
export async function buildWebImage(options: WebImageOptions = {}): Promise<BuiltWebImage> {
  const page = webPage(options.title);
  const busybox = options.busybox ?? readFileSync(busyboxPath);
  const { os, architecture, variant } = options.platform ?? parsePlatform(hostPlatform());
  const image = await buildOciImage({
    platform: { os, architecture, ...(variant === undefined ? {} : { variant }) },
    layers: webImageLayers(busybox, page),
    cmd: webCommand,
    env: ['PATH=/bin'],
  });
  return { image, page };
}
