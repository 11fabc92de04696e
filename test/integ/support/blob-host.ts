// A static blob server on another loopback address (127.0.0.2), standing in for the object store or CDN a
// registry redirects blob GETs to (S3 for ECR, Cloudflare for Docker Hub). It serves an OCI layout's blobs, records
// every request's headers, and ignores Range (returns 200) unless told otherwise — as the static server in
// reference/registry-protocol.md §8 did.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface BlobHostRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface BlobHost {
  /** `http://127.0.0.2:PORT` */
  readonly origin: string;
  readonly requests: BlobHostRequest[];
  /** The URL of a blob, for a redirect's Location. */
  urlFor(digest: string): string;
  /** Answer every request with this status from now on (undefined: serve normally). */
  failWith(status: number | undefined): void;
  stop(): Promise<void>;
}

export async function startBlobHost(options: {
  layoutDir: string;
  host?: string;
  honourRange?: boolean;
}): Promise<BlobHost> {
  const requests: BlobHostRequest[] = [];
  let failure: number | undefined;
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers } });
    if (failure !== undefined) {
      res.writeHead(failure, { 'content-type': 'application/xml' });
      res.end('<Error><Code>AccessDenied</Code></Error>');
      return;
    }
    const match = /^\/blobs\/sha256\/([a-f0-9]{64})(?:\?.*)?$/.exec(req.url ?? '');
    const file = match ? join(options.layoutDir, 'blobs', 'sha256', match[1]!) : undefined;
    if (file === undefined || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const size = statSync(file).size;
    const range = /^bytes=([0-9]+)-$/.exec(String(req.headers.range ?? ''));
    if (options.honourRange && range) {
      const start = Number(range[1]);
      res.writeHead(206, {
        'content-length': String(size - start),
        'content-range': `bytes ${start}-${size - 1}/${size}`,
      });
      createReadStream(file, { start }).pipe(res);
      return;
    }
    res.writeHead(200, { 'content-length': String(size), 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.2', resolve));
  const { address, port } = server.address() as AddressInfo;
  const origin = `http://${address}:${port}`;
  return {
    origin,
    requests,
    // A presigned-looking query: it must never show up unredacted in an error message.
    failWith: (status) => {
      failure = status;
    },
    urlFor: (digest) => `${origin}/blobs/sha256/${digest.slice('sha256:'.length)}?X-Amz-Signature=s3cr3tsig`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
