import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import type { HttpRequest, HttpResponse } from '../../aws/index.js';
import { isBerthError } from '../../errors/index.js';
import { type HttpServerOptions, type RunningHttpServer, startHttpServer } from './http-server.js';

const ok = (text: string): HttpResponse => ({
  status: 200,
  headers: [['Content-Type', 'text/plain']],
  body: Buffer.from(text),
});

async function withServer(
  options: Partial<HttpServerOptions>,
  fn: (server: RunningHttpServer) => Promise<void>,
): Promise<void> {
  const server = await startHttpServer({
    port: 0,
    maxBodyBytes: 1024,
    routes: [{ prefix: '/', handler: async () => ok('root') }],
    ...options,
  });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

/** Writes raw bytes (pieces sent one after another) and returns everything the server sends until it closes. */
function raw(port: number, pieces: Array<string | Buffer>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(received) : reject(error),
    );
    socket.on('close', () => resolve(received));
    socket.on('connect', () => {
      for (const piece of pieces) socket.write(piece);
    });
  });
}

function get(
  url: string,
  options: { agent?: Agent; method?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: options.agent, method: options.method ?? 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body, reused: req.reusedSocket }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startHttpServer', () => {
  test('hands the handler raw headers in arrival order, the raw path and query, the body bytes and the peer', async () => {
    let seen: HttpRequest | undefined;
    const handler = async (r: HttpRequest) => {
      seen = r;
      return ok('done');
    };
    const routes = [{ prefix: '/', handler }];
    await withServer({ routes }, async ({ port }) => {
      const body = Buffer.from([0, 1, 0xff, 0xfe, 0x68, 0x69]);
      const response = await raw(port, [
        'POST /a%2Fb/c%20d?x=1&y=%20&x=0 HTTP/1.1\r\nHost: h\r\nX-Dup: one\r\nx-dup:  two \r\n' +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        body,
      ]);
      assert.match(response, /^HTTP\/1\.1 200 OK\r\n/);
      assert.match(response, /\r\n\r\ndone$/);
    });
    assert.ok(seen);
    assert.equal(seen.method, 'POST');
    assert.equal(seen.path, '/a%2Fb/c%20d');
    assert.equal(seen.query, 'x=1&y=%20&x=0');
    assert.deepEqual(seen.headers, [
      ['Host', 'h'],
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['Content-Length', '6'],
      ['Connection', 'close'],
    ]);
    assert.deepEqual([...seen.body], [0, 1, 0xff, 0xfe, 0x68, 0x69]);
    assert.equal(seen.remoteAddress, '127.0.0.1');
    assert.equal(seen.tls, false);
  });

  test('routes by the longest matching prefix; no match is 404', async () => {
    const routes = [
      { prefix: '/', handler: async () => ok('aws') },
      { prefix: '/v2/', handler: async () => ok('registry') },
    ];
    await withServer({ routes }, async ({ url }) => {
      assert.equal((await get(`${url}/v2/`)).body, 'registry');
      assert.equal((await get(`${url}/v2/library/busybox/manifests/1`)).body, 'registry');
      assert.equal((await get(`${url}/v2`)).body, 'aws');
      assert.equal((await get(`${url}/?Action=GetCallerIdentity`)).body, 'aws');
    });
    const only = [{ prefix: '/v2/', handler: async () => ok('registry') }];
    await withServer({ routes: only }, async ({ url }) => {
      assert.equal((await get(`${url}/other`)).status, 404);
    });
  });

  test('413 for a declared Content-Length over the cap, before the body is read, and the connection closes', async () => {
    let called = false;
    const handler = async () => {
      called = true;
      return ok('no');
    };
    const routes = [{ prefix: '/', handler }];
    await withServer({ routes }, async ({ port }) => {
      const response = await raw(port, ['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000\r\n\r\n']);
      assert.match(response, /^HTTP\/1\.1 413 /);
      assert.match(response, /\r\nConnection: close\r\n/i);
    });
    assert.equal(called, false);
  });

  test('413 for a chunked body that crosses the cap, and for Expect: 100-continue without a 100', async () => {
    let called = false;
    const handler = async () => {
      called = true;
      return ok('no');
    };
    const routes = [{ prefix: '/', handler }];
    await withServer({ routes }, async ({ port }) => {
      const chunk = `320\r\n${'a'.repeat(0x320)}\r\n`;
      const chunked = await raw(port, [
        'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n',
        chunk,
        chunk,
      ]);
      assert.match(chunked, /^HTTP\/1\.1 413 /);
      const expect = await raw(port, [
        'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n',
      ]);
      assert.match(expect, /^HTTP\/1\.1 413 /);
      assert.doesNotMatch(expect, /100 Continue/);
    });
    assert.equal(called, false);
  });

  test('a client that leaves mid-body never reaches the handler, and the server keeps serving', async () => {
    let calls = 0;
    const handler = async () => {
      calls++;
      return ok('yes');
    };
    await withServer({ routes: [{ prefix: '/', handler }] }, async ({ port, url }) => {
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n0123456789', () => {
            socket.destroy();
            resolve();
          });
        });
      });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal((await get(url)).status, 200);
    });
    assert.equal(calls, 1, 'only the second request reached the handler');
  });

  test('a route may have its own body cap', async () => {
    const routes = [
      { prefix: '/', handler: async () => ok('aws') },
      { prefix: '/big/', handler: async (r: HttpRequest) => ok(String(r.body.length)), maxBodyBytes: 4096 },
    ];
    await withServer({ routes }, async ({ port }) => {
      const body = 'b'.repeat(3000);
      const head = `Host: h\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      assert.match(await raw(port, [`POST /big/x HTTP/1.1\r\n${head}`, body]), /\r\n\r\n3000$/);
      assert.match(await raw(port, [`POST /small HTTP/1.1\r\n${head}`, body]), /^HTTP\/1\.1 413 /);
    });
  });

  test('keeps connections alive between requests', async () => {
    await withServer({}, async ({ url }) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        assert.equal((await get(url, { agent })).reused, false);
        const second = await get(url, { agent });
        assert.equal(second.reused, true);
        assert.equal(second.headers['connection'], 'keep-alive');
      } finally {
        agent.destroy();
      }
    });
  });

  test('close() stops accepting, lets an in-flight request finish, and closes its connection', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = async () => {
      entered();
      await gate;
      return ok('finished');
    };
    const routes = [{ prefix: '/', handler }];
    const server = await startHttpServer({ port: 0, maxBodyBytes: 1024, routes });
    const agent = new Agent({ keepAlive: true });
    const pending = get(server.url, { agent });
    await inside;
    const closed = server.close();
    await assert.rejects(get(server.url), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
    release();
    const answer = await pending;
    assert.equal(answer.body, 'finished');
    assert.equal(answer.headers['connection'], 'close');
    await closed;
    agent.destroy();
  });

  test('a handler that throws gives a bare 500 and is reported', async () => {
    const errors: unknown[] = [];
    const routes = [
      {
        prefix: '/',
        handler: async () => {
          throw new Error('bug');
        },
      },
    ];
    await withServer({ routes, onHandlerError: (e) => errors.push(e) }, async ({ url }) => {
      const answer = await get(url);
      assert.equal(answer.status, 500);
      assert.equal(answer.body, 'internal server error\n');
    });
    assert.equal(errors.length, 1);
  });

  test('HEAD keeps the Content-Length the handler declares; other answers get the body length', async () => {
    const routes = [
      {
        prefix: '/',
        handler: async (): Promise<HttpResponse> => ({
          status: 200,
          headers: [['Content-Length', '1234']],
          body: Buffer.alloc(0),
        }),
      },
    ];
    await withServer({ routes }, async ({ url }) => {
      assert.equal((await get(url, { method: 'HEAD' })).headers['content-length'], '1234');
      assert.equal((await get(url)).headers['content-length'], '0');
    });
  });

  test('tells onExchange about every answered request, and a taken port is BERTH_PORT_IN_USE', async () => {
    const records: Array<{ status: number; path: string; method: string }> = [];
    await withServer(
      { onExchange: (r) => records.push({ status: r.response.status, path: r.path, method: r.method }) },
      async ({ url, port }) => {
        await get(`${url}/x?secret=1`);
        await assert.rejects(
          startHttpServer({ port, maxBodyBytes: 1, routes: [] }),
          (e) => isBerthError(e) && e.code === 'BERTH_PORT_IN_USE',
        );
      },
    );
    assert.deepEqual(records, [{ status: 200, path: '/x', method: 'GET' }]);
  });
});
