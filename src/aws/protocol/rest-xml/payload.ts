import { createHash } from 'node:crypto';
import type { ChunkSigning, DeclaredPayload } from '../../auth/s3-payload.js';
import { ServiceError } from '../../errors.js';
import { decodeAwsChunked, type Trailers } from './aws-chunked.js';

/**
 * A request's body as S3 receives it: read once, decoded from aws-chunked when the signature said so, and checked
 * against what the signature promised (the declared SHA-256, the chunk signatures, `x-amz-decoded-content-length`)
 * while it streams. A reader that sees the iteration end without an error has the whole, verified body; one that
 * sees it throw must keep nothing (the error is S3's: XAmzContentSHA256Mismatch, SignatureDoesNotMatch,
 * IncompleteBody).
 */
export class RequestPayload {
  readonly #source: AsyncIterable<Buffer>;
  readonly #declared: DeclaredPayload;
  readonly #signing: ChunkSigning | undefined;
  readonly #decodedLength: number | undefined;
  readonly #trailers: Trailers = new Map();
  #read = false;

  constructor(
    source: AsyncIterable<Buffer>,
    declared: DeclaredPayload,
    signing: ChunkSigning | undefined,
    decodedLength: number | undefined,
  ) {
    this.#source = source;
    this.#declared = declared;
    this.#signing = signing;
    this.#decodedLength = decodedLength;
  }

  /** Trailing headers of a chunked body (`x-amz-checksum-crc32` …), known once the body has been read. */
  get trailers(): ReadonlyMap<string, string> {
    return this.#trailers;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    if (this.#read)
      throw new ServiceError('InternalError', 'The request body was read twice.', { status: 500 });
    this.#read = true;
    const declared = this.#declared;
    if (declared.kind === 'unsigned') return yield* this.#source;
    if (declared.kind === 'sha256') return yield* checkedSha256(this.#source, declared.hex);
    let length = 0;
    for await (const chunk of decodeAwsChunked(this.#source, this.#signing, this.#trailers)) {
      length += chunk.length;
      yield chunk;
    }
    if (this.#decodedLength !== undefined && length !== this.#decodedLength) {
      throw new ServiceError(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
      );
    }
  }

  /** The whole body in memory, for the small XML documents of bucket operations. */
  async bytes(limit: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this) {
      size += chunk.length;
      if (size > limit) {
        throw new ServiceError('MaxMessageLengthExceeded', 'Your request was too big.');
      }
      parts.push(chunk);
    }
    return Buffer.concat(parts, size);
  }
}

async function* checkedSha256(source: AsyncIterable<Buffer>, wanted: string): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
  if (hash.digest('hex') !== wanted) {
    // [doc: S3 ErrorResponses, XAmzContentSHA256Mismatch 400]
    throw new ServiceError(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
}
