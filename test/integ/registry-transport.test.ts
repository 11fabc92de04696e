// The registry transport's policy over real loopback sockets: HTTPS with a private CA bundle (certificates from the
// openssl CLI), plain HTTP only for loopback or named-insecure hosts, redirects followed by hand — Authorization
// dropped on any change of host (port included), HTTPS→HTTP refused, at most 10 hops.

import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Secret } from '../../src/errors/index.js';
import { isRegistryError, RegistryTransport } from '../../src/registry/client/index.js';
import { selfSignedCertificate } from './support/self-signed-certificate.js';
import { freePort } from './support/system-tools.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Seen {
  path: string;
  authorization?: string;
}

let certPem: string;
let keyPem: string;
const servers: Server[] = [];

before(async () => {
  ({ certPem, keyPem } = await selfSignedCertificate('/CN=berth private CA test', [
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]));
});

after(async () => {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => (s as ReturnType<typeof createHttpServer>).close(() => resolve())),
    ),
  );
});

async function listen(server: Server, host: string): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `${host}:${(server.address() as AddressInfo).port}`;
}

/** A plain HTTP server recording what it receives. */
async function httpServer(host: string, handler: Handler): Promise<{ host: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createHttpServer((req, res) => {
    seen.push({
      path: req.url ?? '',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    handler(req, res);
  });
  return { host: await listen(server, host), seen };
}

const ok: Handler = (_req, res) => res.writeHead(200, { 'content-length': '2' }).end('ok');
const redirectTo =
  (location: string): Handler =>
  (_req, res) =>
    res.writeHead(307, { location }).end();
const authorization = new Secret('Basic YWxpY2U6czNjcmV0');

describe('transport policy', () => {
  test('HTTPS with a per-registry CA bundle; without it, Go’s x509 words', async () => {
    const host = await listen(createHttpsServer({ cert: certPem, key: keyPem }, ok), '127.0.0.1');
    const trusting = new RegistryTransport({ hosts: { [host]: { caBundle: certPem } } });
    const url = new URL('/v2/', trusting.baseUrl(host));
    assert.equal(url.protocol, 'https:', 'a loopback host with a CA bundle is spoken to over HTTPS');
    const response = await trusting.request({ method: 'GET', url, operation: 'ping' });
    assert.equal(response.status, 200);
    await response.body.dump();
    await trusting.close();

    const strict = new RegistryTransport();
    const error = await strict.request({ method: 'GET', url, operation: 'ping' }).catch((e: unknown) => e);
    assert.ok(isRegistryError(error));
    assert.equal(
      error.message,
      `failed to do request: Get "https://${host}/v2/": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    );
    await strict.close();
  });

  test('plain HTTP: loopback yes, other hosts only when named insecure', async () => {
    const transport = new RegistryTransport({ insecureHosts: ['registry.internal:5000'] });
    assert.equal(transport.baseUrl('127.0.0.1:5000').protocol, 'http:');
    assert.equal(transport.baseUrl('localhost:5000').protocol, 'http:');
    assert.equal(transport.baseUrl('registry.internal:5000').protocol, 'http:');
    assert.equal(transport.baseUrl('ghcr.io').protocol, 'https:');
    const error = await transport
      .request({ method: 'GET', url: new URL('http://ghcr.io/v2/'), operation: 'ping', authorization })
      .catch((e: unknown) => e);
    assert.ok(isRegistryError(error));
    assert.equal(error.code, 'BERTH_REGISTRY_INSECURE');
    await transport.close();
  });

  test('a redirect to another host (or port) loses Authorization; one on the same host keeps it', async () => {
    const other = await httpServer('127.0.0.2', ok);
    const otherPort = await httpServer('127.0.0.1', ok);
    const registry = await httpServer('127.0.0.1', (req, res) => {
      if (req.url === '/to-other-host') redirectTo(`http://${other.host}/blob`)(req, res);
      else if (req.url === '/to-other-port') redirectTo(`http://${otherPort.host}/blob`)(req, res);
      else if (req.url === '/same-host') redirectTo('/final')(req, res);
      else ok(req, res);
    });
    const transport = new RegistryTransport();
    for (const path of ['/to-other-host', '/to-other-port', '/same-host']) {
      const url = new URL(path, transport.baseUrl(registry.host));
      const response = await transport.request({ method: 'GET', url, operation: 'blob', authorization });
      assert.equal(response.status, 200);
      assert.equal(response.authorized, path === '/same-host');
      await response.body.dump();
    }
    assert.deepEqual(other.seen, [{ path: '/blob' }]);
    assert.deepEqual(otherPort.seen, [{ path: '/blob' }]);
    assert.deepEqual(
      registry.seen.map((s) => [s.path, s.authorization !== undefined]),
      [
        ['/to-other-host', true],
        ['/to-other-port', true],
        ['/same-host', true],
        ['/final', true],
      ],
    );
    await transport.close();
  });

  test('HTTPS → HTTP redirects are refused before anything is sent', async () => {
    const plain = await httpServer('127.0.0.1', ok);
    const host = await listen(
      createHttpsServer({ cert: certPem, key: keyPem }, redirectTo(`http://${plain.host}/x`)),
      '127.0.0.1',
    );
    const transport = new RegistryTransport({ hosts: { [host]: { caBundle: certPem } } });
    const error = await transport
      .request({ method: 'GET', url: new URL(`https://${host}/v2/`), operation: 'blob', authorization })
      .catch((e: unknown) => e);
    assert.ok(isRegistryError(error));
    assert.equal(error.code, 'BERTH_REGISTRY_INSECURE');
    assert.deepEqual(plain.seen, []);
    await transport.close();
  });

  test('a redirect loop stops after 10 hops', async () => {
    const loop = await httpServer('127.0.0.1', redirectTo('/again'));
    const transport = new RegistryTransport();
    const error = await transport
      .request({ method: 'GET', url: new URL(`http://${loop.host}/start`), operation: 'blob' })
      .catch((e: unknown) => e);
    assert.ok(isRegistryError(error));
    assert.equal(error.code, 'BERTH_REGISTRY_PROTOCOL');
    assert.equal(loop.seen.length, 11);
    await transport.close();
  });

  test('a refused connection reads as Go prints it', async () => {
    const port = await freePort();
    const transport = new RegistryTransport();
    const error = await transport
      .request({
        method: 'HEAD',
        url: new URL(`http://127.0.0.1:${port}/v2/x/manifests/v1`),
        operation: 'resolve',
      })
      .catch((e: unknown) => e);
    assert.ok(isRegistryError(error));
    assert.equal(
      error.message,
      `failed to do request: Head "http://127.0.0.1:${port}/v2/x/manifests/v1": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
    assert.equal(error.code, 'BERTH_REGISTRY_UNAVAILABLE');
    await transport.close();
  });
});
