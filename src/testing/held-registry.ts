// Test support: a minimal registry on loopback HTTP (anonymous, one image) whose blob answers a test can hold
// mid-body, then release whole or with the rest corrupted — to see what a pull does while a layer is still on its
// way, without depending on timing.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeDigest, type Descriptor, type Digest, mediaTypes } from '../engines/oci/index.js';
import { compress } from './layer-fixtures.js';

/** A held answer: `reached` once its first bytes are sent; `release` sends the rest (last byte flipped: corrupt). */
export interface BlobHold {
  readonly reached: Promise<void>;
  release(options?: { corrupt?: boolean }): void;
}

export interface HeldRegistry {
  /** `127.0.0.1:PORT/held/image:v1` */
  readonly reference: string;
  readonly layers: readonly Descriptor[];
  /** The next GET of `digest` sends `atByte` bytes, then waits for `release`. */
  hold(digest: Digest, atByte: number): BlobHold;
  /** GETs of `digest` answered so far. */
  gets(digest: Digest): number;
  close(): Promise<void>;
}

/** Serves one linux/amd64 image of gzip layers made from `tars` (uncompressed layer tars, in order). */
export async function startHeldRegistry(tars: readonly Uint8Array[]): Promise<HeldRegistry> {
  const blobs = new Map<string, Uint8Array>();
  const add = (bytes: Uint8Array): Digest => {
    const digest = computeDigest(bytes);
    blobs.set(digest, bytes);
    return digest;
  };
  const layers: Descriptor[] = tars.map((tar) => {
    const bytes = compress(tar, 'gzip');
    return { mediaType: mediaTypes.ociLayerGzip, digest: add(bytes), size: bytes.byteLength };
  });
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: tars.map((tar) => computeDigest(tar)) },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociManifest,
      config: { mediaType: mediaTypes.ociConfig, digest: add(config), size: config.byteLength },
      layers,
    }),
  );
  const manifestDigest = computeDigest(manifest);
  const holds = new Map<
    string,
    { atByte: number; gate: Promise<{ corrupt?: boolean }>; reached: () => void }
  >();
  const counts = new Map<string, number>();

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/v2/') return send(response, 200, 'application/json', Buffer.from('{}'));
    const manifestMatch = /^\/v2\/held\/image\/manifests\/(.+)$/.exec(path);
    if (manifestMatch && (manifestMatch[1] === 'v1' || manifestMatch[1] === manifestDigest)) {
      response.setHeader('docker-content-digest', manifestDigest);
      return send(response, 200, mediaTypes.ociManifest, manifest, request.method === 'HEAD');
    }
    const blobMatch = /^\/v2\/held\/image\/blobs\/(.+)$/.exec(path);
    const bytes = blobMatch ? blobs.get(blobMatch[1]!) : undefined;
    if (!blobMatch || !bytes) return send(response, 404, 'application/json', Buffer.from('{"errors":[]}'));
    const digest = blobMatch[1]!;
    counts.set(digest, (counts.get(digest) ?? 0) + 1);
    const hold = holds.get(digest);
    if (!hold) return send(response, 200, 'application/octet-stream', bytes);
    holds.delete(digest);
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': bytes.byteLength,
    });
    response.write(bytes.subarray(0, hold.atByte), () => hold.reached());
    void hold.gate.then(({ corrupt }) => {
      const rest = Buffer.from(bytes.subarray(hold.atByte));
      if (corrupt) rest[rest.byteLength - 1]! ^= 0xff;
      response.end(rest);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    reference: `${host}/held/image:v1`,
    layers,
    hold(digest, atByte) {
      let release!: (options: { corrupt?: boolean }) => void;
      let reached!: () => void;
      const gate = new Promise<{ corrupt?: boolean }>((resolve) => {
        release = resolve;
      });
      const sent = new Promise<void>((resolve) => {
        reached = resolve;
      });
      holds.set(digest, { atByte, gate, reached });
      return { reached: sent, release: (options = {}) => release(options) };
    },
    gets: (digest) => counts.get(digest) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body: Uint8Array, head = false): void {
  response.writeHead(status, { 'content-type': type, 'content-length': body.byteLength });
  response.end(head ? undefined : body);
}
