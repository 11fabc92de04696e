// Streamed request bodies (Route.streamBody) and streamed response bodies, over real loopback HTTP.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import {
  type ExchangeRecord,
  type Route,
  type RunningHttpServer,
  type StreamedRequest,
  startHttpServer,
} from './http-server.js';
import type { StreamableResponse } from './write-response.js';

const text = (status: number, body: string): StreamableResponse => ({
  status,
  headers: [['Content-Type', 'text/plain']],
  body: Buffer.from(body),
});

async function withServer(
  routes: Route[],
  fn: (server: RunningHttpServer) => Promise<void>,
  extra: { onHandlerError?: (e: unknown) => void; onExchange?: (r: ExchangeRecord) => void } = {},
): Promise<void> {
  const server = await startHttpServer({ port: 0, maxBodyBytes: 1024, routes, ...extra });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

/** A raw client: write pieces on demand, collect everything the server sends until it closes. */
function rawClient(port: number): { socket: Socket; received: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  const received = new Promise<string>((resolve, reject) => {
    let all = '';
    socket.on('data', (chunk) => (all += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(all) : reject(error),
    );
    socket.on('close', () => resolve(all));
  });
  return { socket, received };
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Consumes a request body, returning its bytes or the error the iteration threw. */
async function drain(request: StreamedRequest): Promise<{ bytes: Buffer; error?: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of request.body) chunks.push(chunk);
    return { bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

function* pieces(count: number, size: number): Generator<Uint8Array> {
  for (let i = 0; i < count; i++) yield new Uint8Array(size).fill(i & 0xff);
}

describe('streamed request bodies', () => {
  test('the handler reads the body while the client is still sending it', async () => {
    const firstBytes = deferred<number>();
    let seen: Buffer | undefined;
    const route: Route = {
      prefix: '/up',
      streamBody: true,
      maxBodyBytes: 1 << 20,
      handler: async (request) => {
        const chunks: Buffer[] = [];
        for await (const chunk of request.body) {
          chunks.push(chunk);
          firstBytes.resolve(chunk.length);
        }
        seen = Buffer.concat(chunks);
        return text(201, `got ${seen.length}`);
      },
    };
    await withServer([route], async ({ port }) => {
      const { socket, received } = rawClient(port);
      socket.write('PUT /up HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\nConnection: close\r\n\r\nhello');
      // The second half is sent only after the handler has seen the first: nothing waited for the whole body.
      assert.equal(await firstBytes.promise, 5);
      socket.write('world');
      assert.match(await received, /^HTTP\/1\.1 201 [\s\S]*\r\n\r\ngot 10$/);
    });
    assert.equal(seen?.toString(), 'helloworld');
  });

  test('the cap holds while streaming: the iteration throws and the answer is 413, whatever the handler says', async () => {
    let failure: unknown;
    let got = -1;
    const route: Route = {
      prefix: '/',
      streamBody: true,
      maxBodyBytes: 1000,
      handler: async (request) => {
        const result = await drain(request);
        failure = result.error;
        got = result.bytes.length;
        return text(200, 'handler answer');
      },
    };
    await withServer([route], async ({ port }) => {
      const { socket, received } = rawClient(port);
      const chunk = `200\r\n${'a'.repeat(0x200)}\r\n`;
      socket.write(
        `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}${chunk}`,
      );
      const answer = await received;
      assert.match(answer, /^HTTP\/1\.1 413 /);
      assert.match(answer, /\r\nConnection: close\r\n/i);
      assert.doesNotMatch(answer, /handler answer/);
    });
    assert.ok(isBerthError(failure) && /larger than 1000 bytes/.test(failure.message), String(failure));
    assert.equal(got, 512, 'the chunk crossing the cap is never handed over');
  });

  test('a declared Content-Length over the cap is 413 before the handler runs', async () => {
    let called = false;
    const route: Route = {
      prefix: '/',
      streamBody: true,
      maxBodyBytes: 10,
      handler: async () => {
        called = true;
        return text(200, 'no');
      },
    };
    await withServer([route], async ({ port }) => {
      const { socket, received } = rawClient(port);
      socket.write('PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n');
      assert.match(await received, /^HTTP\/1\.1 413 /);
    });
    assert.equal(called, false);
  });

  test('a client that leaves mid-body surfaces as an error in the iteration, after the bytes that arrived', async () => {
    const result = deferred<{ bytes: Buffer; error?: unknown }>();
    let served = 0;
    const route: Route = {
      prefix: '/',
      streamBody: true,
      maxBodyBytes: 1 << 20,
      handler: async (request) => {
        if (request.method === 'GET') {
          served++;
          return text(200, 'still here');
        }
        result.resolve(await drain(request));
        return text(202, 'unreachable');
      },
    };
    await withServer([route], async ({ port, url }) => {
      const { socket } = rawClient(port);
      socket.write('PATCH / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n0123456789', () =>
        socket.destroy(),
      );
      const { bytes, error } = await result.promise;
      assert.equal(bytes.toString(), '0123456789');
      assert.ok(
        isBerthError(error) && /closed the connection after 10 bytes/.test(error.message),
        String(error),
      );
      assert.equal(await (await fetch(url)).text(), 'still here');
    });
    assert.equal(served, 1);
  });

  test('a client that stalls mid-body is cut after the idle timeout, not kept forever', async () => {
    const result = deferred<{ bytes: Buffer; error?: unknown }>();
    const route: Route = {
      prefix: '/',
      streamBody: true,
      maxBodyBytes: 1 << 20,
      handler: async (request) => {
        result.resolve(await drain(request));
        return text(202, 'unreachable');
      },
    };
    const server = await startHttpServer({
      port: 0,
      maxBodyBytes: 1024,
      routes: [route],
      idleTimeoutMs: 200,
    });
    try {
      const { socket, received } = rawClient(server.port);
      socket.write('PATCH / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n0123456789');
      const { bytes, error } = await result.promise;
      assert.equal(bytes.toString(), '0123456789');
      assert.ok(isBerthError(error), String(error));
      assert.equal(await received, '', 'the connection was closed without an answer');
    } finally {
      await server.close();
    }
  });

  test('a slow sender trickling an AWS-sized body is cut at the body deadline, also with a streamed route mounted', async () => {
    let called = false;
    const buffered: Route = {
      prefix: '/',
      handler: async () => {
        called = true;
        return text(200, 'unreachable');
      },
    };
    const streamed: Route = { prefix: '/v2/', streamBody: true, handler: async () => text(200, 'v2') };
    const server = await startHttpServer({
      port: 0,
      maxBodyBytes: 1024,
      routes: [buffered, streamed],
      idleTimeoutMs: 10_000,
      bodyDeadlineMs: 300,
    });
    try {
      const { socket, received } = rawClient(server.port);
      socket.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n');
      // One byte every 50 ms: never idle for the 10 s idle timeout, and never done.
      const trickle = setInterval(() => socket.writable && socket.write('x'), 50);
      const started = performance.now();
      try {
        assert.equal(await received, '', 'the connection was closed without an answer');
      } finally {
        clearInterval(trickle);
      }
      assert.ok(performance.now() - started < 3_000);
    } finally {
      await server.close();
    }
    assert.equal(called, false);
  });

  test('a slow sender trickling header lines is answered 408 and cut at the head deadline', async () => {
    const route: Route = { prefix: '/', handler: async () => text(200, 'unreachable') };
    const server = await startHttpServer({
      port: 0,
      maxBodyBytes: 1024,
      routes: [route],
      headersTimeoutMs: 300,
    });
    try {
      const { socket, received } = rawClient(server.port);
      socket.write('POST / HTTP/1.1\r\nHost: h\r\n');
      const trickle = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 50);
      const started = performance.now();
      try {
        assert.match(await received, /^HTTP\/1\.1 408 /);
      } finally {
        clearInterval(trickle);
      }
      assert.ok(performance.now() - started < 3_000);
    } finally {
      await server.close();
    }
  });

  test('Expect: 100-continue is answered only when the handler reads the body', async () => {
    const route: Route = {
      prefix: '/',
      streamBody: true,
      maxBodyBytes: 1 << 20,
      handler: async (request) => {
        if (request.path === '/refuse') return text(401, 'log in first');
        const { bytes } = await drain(request);
        return text(201, bytes.toString());
      },
    };
    await withServer([route], async ({ port }) => {
      const refused = rawClient(port);
      refused.socket.write(
        'PUT /refuse HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n',
      );
      const refusal = await refused.received;
      assert.match(refusal, /^HTTP\/1\.1 401 /);
      assert.doesNotMatch(refusal, /100 Continue/);
      assert.match(refusal, /\r\nConnection: close\r\n/i, 'the unsent body cannot be skipped');

      const accepted = rawClient(port);
      accepted.socket.write(
        'PUT /ok HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n',
      );
      accepted.socket.once('data', () => accepted.socket.end('hello'));
      const answer = await accepted.received;
      assert.match(answer, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 [\s\S]*\r\n\r\nhello$/);
    });
  });

  test('bodiless requests keep the connection alive; the access record gets an empty body', async () => {
    const records: ExchangeRecord[] = [];
    const route: Route = { prefix: '/', streamBody: true, handler: async () => text(200, 'ok') };
    await withServer(
      [route],
      async ({ port }) => {
        const { socket, received } = rawClient(port);
        socket.write(
          'GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n',
        );
        const answers = (await received).match(/HTTP\/1\.1 200 OK/g);
        assert.equal(answers?.length, 2);
      },
      { onExchange: (r) => records.push(r) },
    );
    assert.deepEqual(
      records.map((r) => [r.path, r.request?.body.length]),
      [
        ['/a', 0],
        ['/b', 0],
      ],
    );
  });
});

describe('streamed response bodies', () => {
  const streamRoute = (
    body: () => AsyncIterable<Uint8Array>,
    headers: Array<[string, string]> = [],
  ): Route => ({ prefix: '/', handler: async () => ({ status: 200, headers, body: body() }) });

  test('a streamed body arrives whole, with the declared Content-Length, on a kept-alive connection', async () => {
    const size = 8 * 1024 * 1024;
    const expected = createHash('sha256');
    for (const piece of pieces(128, 65536)) expected.update(piece);
    const records: ExchangeRecord[] = [];
    const route = streamRoute(
      async function* () {
        yield* pieces(128, 65536);
      },
      [['Content-Length', String(size)]],
    );
    await withServer(
      [route],
      async ({ url }) => {
        const response = await fetch(url);
        assert.equal(response.headers.get('content-length'), String(size));
        assert.equal(response.headers.get('connection'), 'keep-alive');
        const bytes = Buffer.from(await response.arrayBuffer());
        assert.equal(bytes.length, size);
        assert.equal(createHash('sha256').update(bytes).digest('hex'), expected.digest('hex'));
      },
      { onExchange: (r) => records.push(r) },
    );
    assert.equal(records[0]?.response.body.length, 0);
  });

  test('chunk n is on the socket before chunk n + 2 is asked for: a source may then recycle its memory', async () => {
    const count = 64;
    const size = 1024 * 1024;
    const expected = createHash('sha256');
    for (const piece of pieces(count, size)) expected.update(piece);
    const route = streamRoute(
      async function* () {
        const ring = [Buffer.alloc(size), Buffer.alloc(size), Buffer.alloc(size)];
        let i = 0;
        for (const piece of pieces(count, size)) {
          // Asked for chunk i: chunk i - 2 must be gone already; spoil it so that a violation shows.
          if (i >= 2) ring[(i - 2) % 3]!.fill(0xee);
          const buffer = ring[i % 3]!;
          buffer.set(piece);
          i++;
          yield buffer;
        }
      },
      [['Content-Length', String(count * size)]],
    );
    await withServer([route], async ({ url }) => {
      const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
      assert.equal(createHash('sha256').update(bytes).digest('hex'), expected.digest('hex'));
    });
  });

  test('without a Content-Length the body is sent chunked', async () => {
    const route = streamRoute(async function* () {
      yield Buffer.from('abc');
      yield Buffer.from('def');
    });
    await withServer([route], async ({ url }) => {
      const response = await fetch(url);
      assert.equal(response.headers.get('transfer-encoding'), 'chunked');
      assert.equal(await response.text(), 'abcdef');
    });
  });

  test('backpressure: a client that does not read stops the source; leaving closes it', async () => {
    const total = 4096; // 256 MiB in 64 KiB chunks, far more than the socket buffers hold
    let pulled = 0;
    const closed = deferred();
    const route = streamRoute(
      async function* () {
        try {
          for (const piece of pieces(total, 65536)) {
            pulled++;
            yield piece;
          }
        } finally {
          closed.resolve();
        }
      },
      [['Content-Length', String(total * 65536)]],
    );
    await withServer([route], async ({ port }) => {
      const { socket } = rawClient(port);
      socket.pause();
      socket.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(pulled < total / 4, `pulled ${pulled} of ${total} chunks for a client that reads nothing`);
      socket.destroy();
      await closed.promise;
    });
    assert.ok(pulled < total);
  });

  test('HEAD never pulls the stream and keeps the declared length', async () => {
    let pulled = false;
    const route = streamRoute(
      async function* () {
        pulled = true;
        yield Buffer.from('x');
      },
      [['Content-Length', '12345']],
    );
    await withServer([route], async ({ url }) => {
      const response = await fetch(url, { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-length'), '12345');
    });
    assert.equal(pulled, false);
  });

  for (const [name, source] of [
    [
      'a stream that fails',
      async function* () {
        yield Buffer.alloc(1000, 1);
        throw new Error('disk gone');
      },
    ],
    [
      'a stream shorter than its Content-Length',
      async function* () {
        yield Buffer.alloc(1000, 1);
      },
    ],
  ] as const) {
    test(`${name} cuts the connection (never a short 200) and is reported`, async () => {
      const errors: unknown[] = [];
      const route = streamRoute(source, [['Content-Length', '5000']]);
      await withServer(
        [route],
        async ({ url }) => {
          const outcome = await new Promise<string>((resolve) => {
            let got = -1;
            const req = httpRequest(url, (res) => {
              got = 0;
              res.on('data', (chunk: Buffer) => (got += chunk.length));
              res.on('end', () => resolve(`${res.statusCode} complete after ${got}`));
              res.on('error', () => resolve(`${res.statusCode} cut after ${got}`));
            });
            req.on('error', () => resolve(`cut after ${got}`));
            req.end();
          });
          // Cut before or after the headers arrived (a destroyed socket may drop what was queued), never complete.
          assert.match(outcome, /^(200 )?cut after (1000|-1)$/);
        },
        { onHandlerError: (e) => errors.push(e) },
      );
      assert.equal(errors.length, 1);
    });
  }
});
