// Routing by claim before prefix, and requests refused at the HTTP level (issue 20 item 2): a body over the cap,
// headers node:http's parser rejects (a NUL byte, over 16 KiB, 3,000 of them) are answered by the route they were
// meant for; bytes that are not HTTP get a bare 400. Always over raw sockets, and never a hang.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { HttpResponse } from '../../aws/index.js';
import type { Refusal, RequestHead } from './client-error.js';
import { lenientHead } from './client-error.js';
import { type Route, startHttpServer } from './http-server.js';

const ok = (text: string): HttpResponse => ({ status: 200, headers: [], body: Buffer.from(text) });

/** Writes raw bytes and returns everything the server sends until it closes (fails after 5 s: a hang). */
function raw(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const hang = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close after 5 s; received ${JSON.stringify(received)}`));
    }, 5000);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
    );
    socket.on('close', () => {
      clearTimeout(hang);
      resolve(received);
    });
    socket.on('connect', () => socket.write(bytes));
  });
}

async function withRoutes(routes: Route[], fn: (port: number, seen: Seen[]) => Promise<void>) {
  const server = await startHttpServer({ port: 0, maxBodyBytes: 1024, routes });
  try {
    await fn(server.port, seen);
  } finally {
    await server.close();
    seen.length = 0;
  }
}

type Seen = [RequestHead | undefined, Refusal];
const seen: Seen[] = [];

const refusingRoutes: Route[] = [
  {
    prefix: '/',
    handler: async () => ok('gateway'),
    claims: (head) => head.headers.some(([name]) => name.toLowerCase() === 'x-signed'),
    refuse: (head, refusal) => {
      seen.push([head, refusal]);
      return { status: 499, headers: [['X-Refused', refusal]], body: Buffer.from(`refused ${head?.path}`) };
    },
  },
  { prefix: '/v2/', handler: async () => ok('registry') },
];

describe('routes claimed before prefixes', () => {
  test('a claimed request reaches its route whatever its path; the others route by prefix', async () => {
    await withRoutes(refusingRoutes, async (port) => {
      const get = (headers: string) =>
        raw(port, `GET /v2/x HTTP/1.1\r\nHost: h\r\n${headers}Connection: close\r\n\r\n`);
      assert.match(await get('X-Signed: 1\r\n'), /\r\n\r\ngateway$/);
      assert.match(await get(''), /\r\n\r\nregistry$/);
    });
  });
});

describe('refused requests', () => {
  test("a body over the cap gets the route's refusal, with the head it was sent with", async () => {
    await withRoutes(refusingRoutes, async (port) => {
      const answer = await raw(port, 'POST /a?b=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n');
      assert.match(answer, /^HTTP\/1\.1 499 /);
      assert.match(answer, /\r\nConnection: close\r\n/i);
      assert.match(answer, /\r\n\r\nrefused \/a$/);
      assert.equal(seen[0]![1], 'body-too-large');
      assert.equal(seen[0]![0]!.query, 'b=1');
    });
  });

  test('a NUL byte in a header, 20 KiB of headers and 3,000 headers reach the refusal through clientError', async () => {
    await withRoutes(refusingRoutes, async (port) => {
      const nul = await raw(port, 'POST /q HTTP/1.1\r\nHost: h\r\nX-Amz-Target: a\u0000b\r\n\r\n');
      assert.match(nul, /^HTTP\/1\.1 499 .*\r\nX-Refused: malformed-request\r\n/s);
      assert.match(nul, /\r\nConnection: close\r\n\r\nrefused \/q$/);
      const big = await raw(port, `GET /big HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
      assert.match(big, /^HTTP\/1\.1 499 .*X-Refused: headers-too-large\r\n/s);
      const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: v\r\n`).join('');
      assert.match(await raw(port, `GET /many HTTP/1.1\r\nHost: h\r\n${many}\r\n`), /^HTTP\/1\.1 499 /);
      assert.deepEqual(
        seen.map(([head, refusal]) => [head?.path, refusal]),
        [
          ['/q', 'malformed-request'],
          ['/big', 'headers-too-large'],
          ['/many', 'headers-too-large'],
        ],
      );
      // The head that is read leniently still names the target, so the answer can be shaped for it.
      assert.deepEqual(seen[0]![0]!.headers, [
        ['Host', 'h'],
        ['X-Amz-Target', 'a\u0000b'],
      ]);
    });
  });

  test('bytes that are not HTTP get a bare 400; a route without a refusal keeps bare statuses', async () => {
    await withRoutes(refusingRoutes, async (port) => {
      assert.match(
        await raw(port, '\u0016\u0003\u0001 not http at all\r\n\r\n'),
        /^HTTP\/1\.1 400 Bad Request\r\n/,
      );
      assert.equal(seen.length, 0);
    });
    await withRoutes([{ prefix: '/', handler: async () => ok('x') }], async (port) => {
      const answer = await raw(port, 'GET / HTTP/1.1\r\nHost: h\r\nX-A: \u0000\r\n\r\n');
      assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.match(answer, /\r\nContent-Length: 0\r\n/);
    });
  });

  test('the server stays up: a normal request works after each refusal', async () => {
    await withRoutes(refusingRoutes, async (port) => {
      await raw(port, 'GET / HTTP/1.1\r\nX-A: \u0000\r\n\r\n');
      assert.match(
        await raw(port, 'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n'),
        /\r\n\r\ngateway$/,
      );
    });
  });
});

test('lenientHead reads the request line and name: value lines, and nothing that is not a request', () => {
  const head = lenientHead(Buffer.from('POST /p?x=1 HTTP/1.1\r\nA: 1\r\nbroken line\r\nB:2\r\n\r\nbody'));
  assert.deepEqual(head && [head.method, head.path, head.query, head.headers], [
    'POST',
    '/p',
    'x=1',
    [
      ['A', '1'],
      ['B', '2'],
    ],
  ]);
  assert.equal(lenientHead(Buffer.from('\u0016\u0003\u0001garbage')), undefined);
  // fast-check seed 1538856690: a target without a path (`?`) is no origin-form request.
  assert.equal(lenientHead(Buffer.from('GET ? HTTP/1.1\r\n\r\n')), undefined);
});

test('property: any packet gives a head of strings (path starting with the target) or undefined, never a throw', () => {
  const alphabet = fc.constantFrom(
    'GET ',
    'POST ',
    '/',
    '?',
    ' HTTP/1.1',
    '\r\n',
    ':',
    ' ',
    'X-Amz-Target',
    '\u0000',
    'é',
  );
  const packet = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.array(alphabet, { maxLength: 40 }).map((parts) => Buffer.from(parts.join(''), 'latin1')),
  );
  fc.assert(
    fc.property(packet, (bytes) => {
      const head = lenientHead(Buffer.from(bytes));
      if (head === undefined) return;
      assert.ok(head.path.length > 0 && !head.path.includes(' '));
      for (const [name, value] of head.headers)
        assert.ok(typeof name === 'string' && typeof value === 'string');
    }),
    { numRuns: 2000 },
  );
  // Linear: a 1 MiB header section of colons and line breaks is read at once.
  const started = performance.now();
  lenientHead(Buffer.from(`GET / HTTP/1.1\r\n${'a:b\r\n:\r\n'.repeat(100_000)}`));
  assert.ok(performance.now() - started < 1000);
});
