import type { ContentStore } from '../../content/index.js';
import { type Descriptor, verifyDigest } from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';

/**
 * A small blob (an image config) read whole from the content store when an earlier pull committed it, so that a
 * second pull of the same image does not fetch it again — containerd skips content it already has the same way.
 * Undefined when the store lacks it, holds a different size, or it is over `maxBytes`: the caller fetches it then.
 * The bytes are checked against the digest again (a config is small; a corrupted file is refetched, not trusted).
 */
export async function readStoredBlob(
  store: ContentStore,
  descriptor: Descriptor,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (descriptor.size > maxBytes) return undefined;
  const info = await store.info(descriptor.digest);
  if (info === undefined || info.size !== descriptor.size) return undefined;
  try {
    const chunks: Uint8Array[] = [];
    for await (const chunk of store.read(descriptor.digest)) chunks.push(chunk);
    const bytes = new Uint8Array(Buffer.concat(chunks));
    verifyDigest(bytes, descriptor.digest, descriptor.size);
    return bytes;
  } catch (error) {
    // Removed between info and read, or not what it claims: fetch it as if it were absent.
    if (isBerthError(error)) return undefined;
    throw error;
  }
}
