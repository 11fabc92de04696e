// berth up's one port, over raw sockets (issue 13 item 5, issue 20 item 2): a request signed with SigV4 for a
// served service reaches the AWS gateway whatever its path (even /v2/ and /token, the registry's mounts); the
// registry's Basic/anonymous requests still reach the registry; requests refused at the HTTP level get AWS-shaped
// errors (ref aws-iam-and-protocols §4.1–4.2) and berth stays up.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HttpRequest } from '../../src/aws/index.js';
import { compose, type RunningBerth } from '../../src/cli/compose.js';
import { signRequest } from '../../src/testing/sigv4-signing.js';

let dir: string;
let berth: RunningBerth;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-framing-'));
  berth = await compose({
    stateDir: join(dir, 'state'),
    port: 0,
    accountId: '111122223333',
    region: 'us-east-1',
    rootEnv: {},
    logToStderr: false,
  });
});

after(async () => {
  await berth?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes, returns status line, headers and body of the answer once berth closes (5 s: a hang). */
function send(bytes: string | Buffer): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(berth.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const hang = setTimeout(() => {
      socket.destroy();
      reject(new Error('berth did not answer and close within 5 s'));
    }, 5000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
    );
    socket.on('close', () => {
      clearTimeout(hang);
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.slice(9, 12)), head: text.slice(0, split), body: text.slice(split + 4) });
    });
    socket.on('connect', () => socket.write(bytes));
  });
}

function wire(request: HttpRequest, extraHeaders = ''): string {
  const target = request.query === '' ? request.path : `${request.path}?${request.query}`;
  const headers = request.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `${request.method} ${target} HTTP/1.1\r\n${headers}${extraHeaders}Connection: close\r\n\r\n${request.body.toString('latin1')}`;
}

function signed(path: string, service = 'sts') {
  return signRequest({
    service,
    path,
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    accessKeyId: berth.rootCredentials.accessKeyId,
    secretAccessKey: berth.rootCredentials.secretAccessKey.reveal(),
    time: new Date(),
  });
}

describe('routing by SigV4 scope before path prefixes', () => {
  test('a request signed for STS reaches the gateway at /v2/… and /token as at /', async () => {
    for (const path of ['/', '/v2/', '/v2/library/busybox/manifests/latest', '/token']) {
      const answer = await send(wire(await signed(path)));
      assert.equal(answer.status, 200, path);
      assert.match(
        answer.body,
        /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/,
      );
      assert.match(answer.body, /<Arn>arn:aws:iam::111122223333:root<\/Arn>/);
    }
  });

  test('unsigned and Basic requests to /v2/ still reach the registry', async () => {
    const anonymous = await send('GET /v2/ HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.body, /"code":"UNAUTHORIZED"/);
    const basic = await send(
      `GET /v2/ HTTP/1.1\r\nHost: h\r\nAuthorization: Basic ${btoa('a:b')}\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(basic.status, 401);
    assert.match(basic.body, /"code":"UNAUTHORIZED"/);
    // Signed for a service berth does not serve: not the gateway's to claim (S3 is served now: see s3-cli.test.ts).
    const lambda = await send(wire(await signed('/v2/', 'lambda')));
    assert.match(
      lambda.body,
      /^\{"errors":\[\{"code":"(UNAUTHORIZED|UNSUPPORTED)"/,
      'an OCI error: the registry answered',
    );
  });
});

describe('framing errors in the protocol of the request', () => {
  test('a body over 1 MiB: 413 RequestEntityTooLargeException as AWS JSON, before the body is sent', async () => {
    const answer = await send(
      'POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: secretsmanager.CreateSecret\r\n' +
        'Content-Type: application/x-amz-json-1.1\r\nContent-Length: 2000000\r\n\r\n',
    );
    assert.equal(answer.status, 413);
    assert.match(answer.head, /\r\nx-amzn-ErrorType: RequestEntityTooLargeException\r\n/);
    assert.match(answer.head, /\r\nx-amzn-RequestId: [0-9a-f-]{36}\r\n/);
    assert.deepEqual(JSON.parse(answer.body), {
      __type: 'RequestEntityTooLargeException',
      message: 'Problems with the request at the HTTP level. The request entity is too large.',
    });
  });

  test('a signed STS request over the cap: the Query error, in STS’s namespace', async () => {
    const request = await signed('/');
    const bytes = wire({ ...request, body: Buffer.alloc(0) }).replace(
      /content-length: \d+/i,
      'content-length: 1048577',
    );
    const answer = await send(bytes);
    assert.equal(answer.status, 413);
    assert.match(
      answer.body,
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>RequestEntityTooLargeException<\/Code>/,
    );
  });

  test('a NUL byte in a header, 20 KiB of headers, 3,000 headers: 400 MalformedHttpRequestException', async () => {
    const nul = await send(
      'POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: kms.Encrypt\r\nX-Bad: a\u0000b\r\n\r\n',
    );
    assert.equal(nul.status, 400);
    assert.equal(JSON.parse(nul.body).__type, 'MalformedHttpRequestException');
    const big = await send(`POST / HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    assert.equal(big.status, 400);
    assert.deepEqual(JSON.parse(big.body), {
      __type: 'MalformedHttpRequestException',
      message: 'Problems with the request at the HTTP level. The request headers are too large.',
    });
    const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: v\r\n`).join('');
    const form = 'Content-Type: application/x-www-form-urlencoded\r\n';
    const query = await send(`POST / HTTP/1.1\r\nHost: h\r\n${form}${many}\r\n`);
    assert.equal(query.status, 400);
    assert.match(
      query.body,
      /^<ErrorResponse><Error><Type>Sender<\/Type><Code>MalformedHttpRequestException<\/Code>/,
    );
  });

  test('bytes that are not HTTP get a bare 400; berth answers the next request', async () => {
    const garbage = await send('\u0016\u0003\u0001\u0002\u0000hello\r\n\r\n');
    assert.match(garbage.head, /^HTTP\/1\.1 400 Bad Request/);
    assert.equal(garbage.body, '');
    const answer = await send(wire(await signed('/')));
    assert.equal(answer.status, 200);
  });
});
