// The web image of the end-to-end tests: the image `berth demo` runs (src/cli/demo/web-image.ts: busybox httpd
// serving /www on port 8080, sh and a few tools the tests call inside tasks), written as an OCI layout for skopeo to
// push into a registry. One source for the files, the Cmd and the page.
import { join } from 'node:path';
import { buildWebImage as buildDemoWebImage, defaultWebTitle } from '../../../src/cli/demo/web-image.js';
import { type BuiltImage, OciLayoutBuilder } from '../../integ/support/oci-layout-builder.js';

export { webCommand, webPort } from '../../../src/cli/demo/web-image.js';

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
  title = defaultWebTitle,
): Promise<WebImage> {
  const { image, page } = await buildDemoWebImage({ title });
  const builder = new OciLayoutBuilder(layoutDir);
  // The layout holds the very bytes the demo pushes: config and layers, then the manifest.
  const descriptors = [image.config, ...image.layers];
  for (const [i, blob] of image.content.blobs.entries()) builder.blob(descriptors[i]!.mediaType, blob.bytes);
  builder.blob(image.mediaType, image.content.manifest.bytes);
  builder.tag(tag, image);
  builder.finish();
  return { layoutDir: join(layoutDir), image, page };
}
