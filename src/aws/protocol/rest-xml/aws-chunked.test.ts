// aws-chunked decoding and chunk signatures, on S3's own worked example (S3 API reference, "Signature Calculations
// for the Authorization Header: Transferring Payload in Multiple Chunks": 65 KiB of 'a' in a 64 KiB and a 1 KiB
// chunk, secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, 20130524T000000Z, us-east-1).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import type { ChunkSigning } from '../../auth/s3-payload.js';
import { isFrameworkError, isServiceError } from '../../errors.js';
import { decodeAwsChunked, type Trailers } from './aws-chunked.js';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const signing: ChunkSigning = {
  seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  longDate: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
  signingKey: hmac(
    hmac(hmac(hmac('AWS4wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524'), 'us-east-1'), 's3'),
    'aws4_request',
  ),
};
// The chunk signatures of the example, as the S3 page lists them.
const example = Buffer.concat([
  Buffer.from('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n'),
  Buffer.alloc(65536, 'a'),
  Buffer.from('\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n'),
  Buffer.alloc(1024, 'a'),
  Buffer.from(
    '\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n',
  ),
]);

/** The body fed in pieces of `size` bytes, decoded. */
async function decode(
  body: Buffer,
  size: number,
  chunkSigning?: ChunkSigning,
  trailers: Trailers = new Map(),
) {
  async function* pieces() {
    for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size);
  }
  const out: Buffer[] = [];
  for await (const chunk of decodeAwsChunked(pieces(), chunkSigning, trailers)) out.push(chunk);
  return Buffer.concat(out);
}

test("S3's chunked-upload example decodes and verifies, however the bytes arrive", async () => {
  for (const size of [1, 7, 4096, example.length]) {
    const data = await decode(example, size, signing);
    assert.ok(data.equals(Buffer.alloc(66560, 'a')), `pieces of ${size}`);
  }
});

test('a changed byte, a changed signature or a cut body is refused', async () => {
  const tampered = Buffer.from(example);
  tampered[200] = 0x62;
  await assert.rejects(
    decode(tampered, 4096, signing),
    (e) => isFrameworkError(e) && e.kind === 'signatureDoesNotMatch',
  );
  const resigned = Buffer.from(example.toString('latin1').replace('ad80c7', 'ad80c8'), 'latin1');
  await assert.rejects(
    decode(resigned, 4096, signing),
    (e) => isFrameworkError(e) && e.kind === 'signatureDoesNotMatch',
  );
  await assert.rejects(
    decode(example.subarray(0, 60000), 4096, signing),
    (e) => isServiceError(e) && e.code === 'IncompleteBody',
  );
});

test('an unsigned chunked body with a trailing checksum (STREAMING-UNSIGNED-PAYLOAD-TRAILER) yields data and trailer', async () => {
  const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
  const trailers: Trailers = new Map();
  assert.equal((await decode(body, 3, undefined, trailers)).toString(), 'hello world');
  assert.deepEqual([...trailers], [['x-amz-checksum-crc32', 'DUoRhQ==']]);
  await assert.rejects(
    decode(Buffer.from('zz\r\nhello\r\n'), 64),
    (e) => isServiceError(e) && e.code === 'IncompleteBody',
  );
});
