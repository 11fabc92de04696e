import { createHash, createHmac, type Hash, timingSafeEqual } from 'node:crypto';
import type { ChunkSigning } from '../../auth/s3-payload.js';
import { FrameworkError, ServiceError } from '../../errors.js';

const emptyHash = createHash('sha256').digest('hex');
/** A chunk header or trailer line longer than this is not aws-chunked. */
const maxLine = 8 * 1024;
const crlf = Buffer.from('\r\n');

/** What the decoder found after the last chunk: the trailing headers (`x-amz-checksum-crc32` …), lower-cased. */
export type Trailers = Map<string, string>;

/**
 * Decodes an `aws-chunked` body (S3 "Signature Calculations for the Authorization Header: Transferring Payload in
 * Multiple Chunks", and "… Including Trailing Headers"): `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` … a
 * zero-size chunk, then trailer lines and an empty line. Data is yielded as it arrives; with `signing`, every
 * chunk's signature is checked against the chain that starts at the seed signature (each covers the previous one
 * and its chunk's SHA-256), and the trailer's when the request declared a signed trailer — a broken chain is
 * SignatureDoesNotMatch at that chunk, so nothing is kept from a tampered body. `trailers` is filled at the end.
 */
export async function* decodeAwsChunked(
  source: AsyncIterable<Buffer>,
  signing: ChunkSigning | undefined,
  trailers: Trailers,
): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  let previous = signing?.seedSignature ?? '';
  let remaining = -1;
  let signature: string | undefined;
  let chunkHash: Hash | undefined;
  let finished = false;
  const malformed = () =>
    new ServiceError('IncompleteBody', 'The request body is not valid aws-chunked encoding.');

  const readLine = (): string | undefined => {
    const end = pending.indexOf(crlf);
    if (end < 0) {
      if (pending.length > maxLine) throw malformed();
      return undefined;
    }
    const line = pending.subarray(0, end).toString('latin1');
    pending = pending.subarray(end + 2);
    return line;
  };

  const endChunk = () => {
    if (!signing) return;
    const digest = chunkHash!.digest('hex');
    const wanted = sign(signing, previous, 'AWS4-HMAC-SHA256-PAYLOAD', `${emptyHash}\n${digest}`);
    if (signature === undefined || !same(signature, wanted))
      throw new FrameworkError('signatureDoesNotMatch');
    previous = wanted;
  };

  for await (const piece of source) {
    pending = pending.length === 0 ? piece : Buffer.concat([pending, piece]);
    for (;;) {
      if (finished) {
        const line = readLine();
        if (line === undefined) break;
        if (line === '') {
          checkTrailer(signing, previous, trailers);
          if (pending.length > 0) throw malformed();
          return;
        }
        const colon = line.indexOf(':');
        if (colon <= 0) throw malformed();
        trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        continue;
      }
      if (remaining > 0) {
        if (pending.length === 0) break;
        const take = pending.subarray(0, Math.min(remaining, pending.length));
        pending = pending.subarray(take.length);
        remaining -= take.length;
        chunkHash?.update(take);
        yield take;
        continue;
      }
      if (remaining === 0) {
        if (pending.length < 2) break;
        if (pending[0] !== 0x0d || pending[1] !== 0x0a) throw malformed();
        pending = pending.subarray(2);
        endChunk();
        remaining = -1;
        continue;
      }
      const line = readLine();
      if (line === undefined) break;
      const header = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(line);
      if (!header) throw malformed();
      const size = Number.parseInt(header[1]!, 16);
      signature = header[2];
      if (signing) chunkHash = createHash('sha256');
      if (size > 0) {
        remaining = size;
        continue;
      }
      endChunk();
      finished = true;
    }
  }
  // A body may end right after the zero chunk, without the empty line; before it, it was cut short.
  if (!finished || pending.length > 0) throw malformed();
  checkTrailer(signing, previous, trailers);
}

/** The trailer's own signature (`x-amz-trailer-signature`), over `name:value\n` of each trailing header. */
function checkTrailer(signing: ChunkSigning | undefined, previous: string, trailers: Trailers): void {
  const presented = trailers.get('x-amz-trailer-signature');
  trailers.delete('x-amz-trailer-signature');
  if (!signing || presented === undefined) return;
  let canonical = '';
  for (const [name, value] of trailers) canonical += `${name}:${value}\n`;
  const digest = createHash('sha256').update(canonical).digest('hex');
  if (!same(presented, sign(signing, previous, 'AWS4-HMAC-SHA256-TRAILER', digest)))
    throw new FrameworkError('signatureDoesNotMatch');
}

function sign(signing: ChunkSigning, previous: string, algorithm: string, rest: string): string {
  const stringToSign = `${algorithm}\n${signing.longDate}\n${signing.scope}\n${previous}\n${rest}`;
  return createHmac('sha256', signing.signingKey).update(stringToSign, 'utf8').digest('hex');
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
