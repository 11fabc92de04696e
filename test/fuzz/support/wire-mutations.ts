// Byte- and protocol-level abuse of a valid signed request: bytes flipped, cut or inserted after signing, the
// Content-Type, X-Amz-Target or Action changed, the body truncated, or sent in a chunked encoding (valid and not).
// Only the cases named "signed" keep a valid signature; the rest are about what the wire layer does with
// nonsense, so any AWS-shaped error (or a bare 400 for bytes that are not HTTP) will do.
import fc from 'fast-check';
import { type RawRequest, rawBytes } from './raw-wire.js';

export interface WireMutation {
  readonly label: string;
  apply(request: RawRequest): Buffer;
}

const contentTypes = [
  '',
  'text/plain',
  'application/json',
  'application/x-amz-json-1.0',
  'application/x-amz-json-1.1',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/x-amz-json-1.1; charset=\u0001',
  'a'.repeat(5_000),
];

const targets = [
  '',
  '.',
  'Foo.Bar',
  'TrentService.',
  'secretsmanager.GetSecretValue',
  'AmazonEC2ContainerServiceV20141113.RunTask',
  'x'.repeat(3_000),
];
const actions = ['', 'Nope', 'GetCallerIdentity', 'CreateRole', '__proto__', 'Action'];

function replaceHeader(request: RawRequest, name: string, value: string | undefined): RawRequest {
  const others = request.headers.filter(([key]) => key.toLowerCase() !== name);
  return { ...request, headers: value === undefined ? others : [...others, [name, value]] };
}

function chunked(
  request: RawRequest,
  sizes: number[],
  tail: string,
  sizeText?: (n: number) => string,
): Buffer {
  const withoutLength = replaceHeader(request, 'content-length', undefined);
  const head = rawBytes({
    ...replaceHeader(withoutLength, 'transfer-encoding', 'chunked'),
    body: Buffer.alloc(0),
  });
  const parts: Buffer[] = [head];
  let at = 0;
  for (const size of sizes) {
    if (at >= request.body.length) break;
    const chunk = request.body.subarray(at, at + Math.max(1, size));
    at += chunk.length;
    parts.push(
      Buffer.from(`${sizeText ? sizeText(chunk.length) : chunk.length.toString(16)}\r\n`),
      chunk,
      Buffer.from('\r\n'),
    );
  }
  if (at < request.body.length) {
    const rest = request.body.subarray(at);
    parts.push(Buffer.from(`${rest.length.toString(16)}\r\n`), rest, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(tail));
  return Buffer.concat(parts);
}

export const wireMutation: fc.Arbitrary<WireMutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => ({
    label: `byte ${at} set to ${byte}`,
    apply: (request: RawRequest) => {
      const bytes = rawBytes(request);
      bytes[at % bytes.length] = byte;
      return bytes;
    },
  })),
  fc.tuple(fc.nat(), fc.nat(40)).map(([at, length]) => ({
    label: `${length} bytes cut at ${at}`,
    apply: (request: RawRequest) => {
      const bytes = rawBytes(request);
      const from = at % bytes.length;
      return Buffer.concat([bytes.subarray(0, from), bytes.subarray(from + length)]);
    },
  })),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 20 })).map(([at, inserted]) => ({
    label: `bytes inserted at ${at}`,
    apply: (request: RawRequest) => {
      const bytes = rawBytes(request);
      const from = at % bytes.length;
      return Buffer.concat([bytes.subarray(0, from), inserted, bytes.subarray(from)]);
    },
  })),
  fc.nat().map((keep) => ({
    label: `body truncated to ${keep} bytes`,
    apply: (request: RawRequest) =>
      rawBytes({ ...request, body: request.body.subarray(0, keep % (request.body.length + 1)) }),
  })),
  fc.constantFrom(...contentTypes).map((type) => ({
    label: `content-type ${JSON.stringify(type.slice(0, 40))}`,
    apply: (request: RawRequest) => rawBytes(replaceHeader(request, 'content-type', type || undefined)),
  })),
  fc.constantFrom(...targets).map((target) => ({
    label: `x-amz-target ${JSON.stringify(target.slice(0, 40))}`,
    apply: (request: RawRequest) => rawBytes(replaceHeader(request, 'x-amz-target', target || undefined)),
  })),
  fc.constantFrom(...actions).map((action) => ({
    label: `Action=${action}`,
    apply: (request: RawRequest) => {
      const body = request.body
        .toString('latin1')
        .replace(/(^|&)Action=[^&]*/, action ? `$1Action=${action}` : '');
      return rawBytes(
        replaceHeader(
          { ...request, body: Buffer.from(body, 'latin1') },
          'content-length',
          String(Buffer.byteLength(body, 'latin1')),
        ),
      );
    },
  })),
  fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 8 }),
      fc.constantFrom('0\r\n\r\n', '', '0\r\n', 'zz\r\n\r\n', '0\r\nx-trailer: 1\r\n\r\n'),
      fc.constantFrom(
        undefined,
        (n: number) => `${n.toString(16)};ext=1`,
        (n: number) => `${(n + 1).toString(16)}`,
        () => '-1',
        () => 'ffffffffffffffffff',
      ),
    )
    .map(([sizes, tail, sizeText]) => ({
      label: `chunked ${sizes.join(',')} tail ${JSON.stringify(tail)}${sizeText ? ' with odd sizes' : ''}`,
      apply: (request: RawRequest) => chunked(request, sizes, tail, sizeText),
    })),
  fc
    .constantFrom('content-length', 'transfer-encoding', 'host', 'x-amz-date', 'authorization')
    .map((name) => ({
      label: `${name} doubled`,
      apply: (request: RawRequest) => {
        const value = name === 'transfer-encoding' ? 'chunked' : name === 'content-length' ? '1' : 'x';
        return rawBytes({ ...request, headers: [...request.headers, [name, value]] });
      },
    })),
);
