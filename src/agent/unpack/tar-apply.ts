import { extract as tarExtract } from 'tar-stream';
import type { DigestVerifier } from '../../engines/oci/index.js';
import { BerthError, isBerthError } from '../../errors/index.js';
import type { TarHeader } from './entry-metadata.js';
import type { FileDataSink } from './layer-writer.js';

/** What a tar stream's entries are applied to (LayerWriter, or a test double). */
export interface TarEntryHandler {
  entry(header: TarHeader): FileDataSink | undefined;
}

/**
 * Streams uncompressed layer bytes through the diffID hash and tar-stream's parser (headers only: every write is
 * the handler's), entry by entry, with back-pressure. The hash sees every byte, end-of-archive blocks and padding
 * included, whether or not the tar parser wants them (ref registry-protocol §3.5: the diffID covers all decompressed bytes).
 * A clean end at an entry boundary without end-of-archive blocks is accepted (umoci 0.4.7 writes such layers);
 * a truncated entry is not.
 *
 * When the tar is malformed or an entry is refused, the rest of the stream is still hashed so that a layer
 * that is simply not the one the config names reports BERTH_DIGEST_MISMATCH rather than a tar error.
 * Resolves once every entry is applied and the stream is exhausted; the caller then checks the verifier.
 */
export async function applyTar(
  uncompressed: AsyncIterable<Uint8Array>,
  handler: TarEntryHandler,
  verifier: DigestVerifier,
): Promise<void> {
  const parser = tarExtract();
  let failure: unknown;
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure = error;
    parser.destroy(error as Error);
  };

  parser.on('entry', (header, data, next) => {
    data.on('error', () => undefined); // the parser's failure is reported once, below; destroying it errors this too
    let sink: FileDataSink | undefined;
    try {
      sink = handler.entry(header as unknown as TarHeader);
    } catch (error) {
      fail(error);
      return;
    }
    data.on('data', (chunk) => {
      if (failure !== undefined || !sink) return;
      try {
        sink.write(chunk as Uint8Array);
      } catch (error) {
        fail(error);
      }
    });
    data.on('end', () => {
      if (failure !== undefined) return;
      try {
        sink?.end();
      } catch (error) {
        fail(error);
        return;
      }
      next();
    });
  });
  const settled = new Promise<void>((resolve) => {
    parser.on('error', (error) => {
      if (failure === undefined) failure = error;
      resolve();
    });
    parser.on('finish', () => resolve());
    parser.on('close', () => resolve());
  });

  try {
    for await (const chunk of uncompressed) {
      verifier.update(chunk);
      if (failure !== undefined) continue; // keep hashing: the diffID decides which error to report
      if (!parser.write(chunk)) await drained(parser, () => failure !== undefined);
    }
  } catch (error) {
    fail(error); // the source failed (corrupt compression, a read error): stop the parser too
    throw error;
  }
  if (failure === undefined) parser.end(null);
  await settled;
  if (failure !== undefined) {
    verifier.verify(); // a layer that is not the one named reports the digest mismatch first
    throw asTarError(failure);
  }
}

/** Waits for 'drain', or for the parser to fail or close. */
function drained(parser: ReturnType<typeof tarExtract>, failed: () => boolean): Promise<void> {
  if (failed()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      parser.off('drain', done);
      parser.off('error', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('error', done);
    parser.on('close', done);
  });
}

function asTarError(error: unknown): unknown {
  if (isBerthError(error) || (error as NodeJS.ErrnoException).code !== undefined) return error;
  // tar-stream's own errors ("Invalid tar header…", "Unexpected end of data") are plain Errors.
  return new BerthError('BERTH_INVALID_LAYER', `not a valid tar stream: ${(error as Error).message}`, {
    cause: error,
  });
}
