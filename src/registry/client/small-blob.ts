import type { BlobSource, ContentStore } from '../../content/index.js';
import { type Descriptor, verifyDigest } from '../../engines/oci/index.js';
import { readBody, statusError } from './read-body.js';
import { RegistryError } from './registry-error.js';
import type { RegistrySession } from './registry-session.js';

/** A config (or other small blob) read whole, capped, verified against digest and size. */
export async function fetchSmallBlob(
  session: RegistrySession,
  descriptor: Descriptor,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (descriptor.data !== undefined) return descriptor.data;
  if (descriptor.size > maxBytes) {
    throw new RegistryError(
      'BERTH_REGISTRY_PROTOCOL',
      `blob ${descriptor.digest} is ${descriptor.size} bytes, over the ${maxBytes}-byte limit`,
      {
        operation: 'blob',
      },
    );
  }
  const url = session.url('blobs', descriptor.digest);
  const response = await session.send({
    method: 'GET',
    url,
    operation: 'blob',
    ...(signal ? { signal } : {}),
  });
  if (response.status !== 200) throw await statusError(response, 'GET', 'blob');
  const bytes = await readBody(response, maxBytes, 'blob');
  verifyDigest(bytes, descriptor.digest, descriptor.size);
  return bytes;
}

/**
 * A small blob (an image config) through the content store: fetched only when no earlier pull committed it, and
 * by one caller when several pulls of one image ask at once (`ingest` is single-flight per digest) — containerd
 * skips content it already has the same way. The bytes returned are the committed, verified ones.
 */
export async function smallBlobThroughStore(
  session: RegistrySession,
  store: ContentStore,
  descriptor: Descriptor,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (descriptor.data !== undefined) return descriptor.data;
  const fetch: BlobSource = async (offset) =>
    bytesSource(await fetchSmallBlob(session, descriptor, maxBytes, signal))(offset);
  await store.ingest({ digest: descriptor.digest, size: descriptor.size }, fetch, { attempts: 1 });
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.read(descriptor.digest)) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Bytes already in memory as a source for `ContentStore.ingest`. */
export function bytesSource(bytes: Uint8Array): BlobSource {
  return async (offset) => ({
    async *[Symbol.asyncIterator]() {
      yield bytes.subarray(offset);
    },
  });
}
