// A small runnable web image for the end-to-end tests, built from the host's static busybox (Debian busybox-static,
// installed by scripts/setup): busybox httpd serving /www on port 8080, plus sh and a few tools the tests call inside
// tasks (cat, env, id, wget, sleep). Built as an OCI layout for skopeo to push into berth's registry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuiltImage,
  type LayerEntry,
  OciLayoutBuilder,
} from '../../integ/support/oci-layout-builder.js';

export const webPort = 8080;
/**
 * The image's Cmd. httpd as PID 1 would ignore SIGTERM (no handler; the kernel drops default-action signals to a
 * namespace's init), so StopTask would wait out stopTimeout and SIGKILL it: a shell that forwards TERM stops at once.
 */
export const webCommand = [
  'sh',
  '-c',
  `httpd -f -p ${webPort} -h /www & pid=$!; trap 'kill $pid; wait $pid; exit 143' TERM; wait $pid`,
];
const tools = [
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

export interface WebImage {
  readonly layoutDir: string;
  readonly image: BuiltImage;
  /** The page the image serves at `/`. */
  readonly page: string;
}

/** Builds the image into `layoutDir` under `tag`; the page names `title` so tests can tell images apart. */
export async function buildWebImage(
  layoutDir: string,
  tag = 'web',
  title = 'hello from berth',
): Promise<WebImage> {
  const builder = new OciLayoutBuilder(layoutDir);
  const page = `<h1>${title}</h1>\n`;
  const base: LayerEntry[] = [
    { path: 'bin/', type: 'directory' },
    { path: 'bin/busybox', content: readFileSync('/bin/busybox'), mode: 0o755 },
    ...tools.map((tool): LayerEntry => ({ path: `bin/${tool}`, type: 'symlink', target: 'busybox' })),
    { path: 'etc/', type: 'directory' },
    { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nweb:x:1000:1000:web:/www:/bin/sh\n' },
    { path: 'etc/group', content: 'root:x:0:\nweb:x:1000:\n' },
    { path: 'tmp/', type: 'directory', mode: 0o1777 },
  ];
  const site: LayerEntry[] = [
    { path: 'www/', type: 'directory' },
    { path: 'www/index.html', content: page },
  ];
  const image = await builder.image({
    architecture: 'amd64',
    cmd: webCommand,
    env: ['PATH=/bin'],
    layers: [base, site],
  });
  builder.tag(tag, image);
  builder.finish();
  return { layoutDir: join(layoutDir), image, page };
}
