import { pipeline, Readable } from 'node:stream';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { Decompress } from 'fzstd';
import { type LayerCompression, layerCompression, sniffCompression } from '../../engines/oci/index.js';
import { BerthError } from '../../errors/index.js';

/** zlib output chunk: ≥ 256 KiB runs gunzip 2.3× faster than Node's 16 KiB default (ref registry-protocol §7.2). */
export const gunzipChunkBytes = 1024 * 1024;
/** Decompressed bytes zlib may run ahead of the tar writer, so that inflating overlaps the file-system work. */
const gunzipReadAheadBytes = 8 * 1024 * 1024;

/**
 * The compression of a layer: the media type says whether it is a layer at all, the first bytes say how it is
 * compressed (containerd's DecompressStream trusts the magic number, not the media type: ref registry-protocol §2.1, §3.5).
 * A media type that is not a layer type berth knows is refused (BERTH_INVALID_LAYER).
 */
export function detectCompression(mediaType: string, head: Uint8Array): LayerCompression {
  if (layerCompression(mediaType) === undefined) {
    throw new BerthError(
      'BERTH_INVALID_LAYER',
      `media type ${JSON.stringify(mediaType)} is not a layer berth can apply`,
    );
  }
  return sniffCompression(head);
}

/**
 * Reads the first `length` bytes of a stream (fewer if it is shorter) without losing them: returns them, a stream
 * that yields everything, those bytes included, and `close` to release the source when `all` will not be read.
 */
export async function peek(
  source: AsyncIterable<Uint8Array>,
  length: number,
): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array>; close: () => Promise<void> }> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < length) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    have += next.value.byteLength;
  }
  const head = Buffer.concat(buffered).subarray(0, length);
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      yield* buffered;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      if (!done) await iterator.return?.();
    }
  }
  const close = async (): Promise<void> => {
    if (!done) await iterator.return?.();
  };
  return { head, all: all(), close };
}

/** The uncompressed bytes of a layer blob. Decompression errors become BERTH_INVALID_LAYER. */
export function decompressLayer(
  source: AsyncIterable<Uint8Array>,
  compression: LayerCompression,
): AsyncIterable<Uint8Array> {
  switch (compression) {
    case 'gzip':
      return gunzip(source);
    case 'zstd':
      return unzstd(source);
    case 'none':
      return source;
  }
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // zlib runs on the libuv thread pool; Node's gunzip also accepts concatenated members and trailing NULs.
  // zlib passes its options on to stream.Transform, so the readable side's buffer can be raised (not in ZlibOptions).
  const options = { chunkSize: gunzipChunkBytes, readableHighWaterMark: gunzipReadAheadBytes };
  const inflater = createGunzip(options as ZlibOptions);
  const input = Readable.from(source, { objectMode: false, highWaterMark: gunzipChunkBytes });
  pipeline(input, inflater, () => undefined); // errors surface through the inflater's iteration
  try {
    yield* inflater;
  } catch (error) {
    throw asLayerError(error, 'gzip');
  } finally {
    inflater.destroy();
  }
}

async function* unzstd(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const decoder = new Decompress((data) => {
    if (data.byteLength > 0) out.push(data);
  });
  try {
    for await (const chunk of source) {
      decoder.push(chunk);
      if (out.length > 0) yield* out.splice(0);
    }
    decoder.push(new Uint8Array(0), true); // throws on a truncated frame
  } catch (error) {
    throw asLayerError(error, 'zstd');
  }
  yield* out.splice(0);
}

function asLayerError(error: unknown, format: string): unknown {
  if (error instanceof BerthError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  // zlib errors carry Z_* codes; fzstd's carry small numbers. Anything else (the source's own errors) passes through.
  if ((typeof code === 'string' && code.startsWith('Z_')) || typeof code === 'number') {
    return new BerthError('BERTH_INVALID_LAYER', `corrupt ${format} data: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return error;
}
