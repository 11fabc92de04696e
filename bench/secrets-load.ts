// The load side of bench/secrets.ts, in its own process so that client and server each have a core. A real SDK
// client would spend more CPU than the server it measures, so this one signs with AWS's own SigV4 signer
// (@smithy/signature-v4) once per 100 ms window and sends the signed request over CONCURRENCY keep-alive
// connections (undici) in closed loops for DURATION_MS. SigV4 allows a signed request to be replayed within the
// clock-skew window, and berth still verifies every signature, authorizes and decrypts on every request.
// Prints latencies as JSON.

import { SignatureV4 } from '@smithy/signature-v4';
import { Pool } from 'undici';
import { ClientSha256 } from '../src/testing/sigv4-signing.js';

const { ENDPOINT, REGION, SECRET_ID, AKID, SECRET, TOKEN } = process.env as Record<string, string>;
const concurrency = Number(process.env['CONCURRENCY'] ?? 8);
const durationMs = Number(process.env['DURATION_MS'] ?? 5000);
const url = new URL(ENDPOINT!);
const body = JSON.stringify({ SecretId: SECRET_ID });
const signer = new SignatureV4({
  service: 'secretsmanager',
  region: REGION!,
  sha256: ClientSha256,
  credentials: { accessKeyId: AKID!, secretAccessKey: SECRET!, sessionToken: TOKEN },
});

let signed: { headers: Record<string, string>; at: number } | undefined;
async function headers(): Promise<Record<string, string>> {
  const now = performance.now();
  if (signed && now - signed.at < 100) return signed.headers;
  const request = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    },
    body,
  });
  signed = { headers: request.headers as Record<string, string>, at: now };
  return signed.headers;
}

const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
async function once(): Promise<void> {
  const response = await pool.request({ method: 'POST', path: '/', headers: await headers(), body });
  const text = await response.body.text();
  if (response.statusCode !== 200 || !text.includes('"SecretString"'))
    throw new Error(`${response.statusCode} ${text}`);
}

for (let i = 0; i < 200; i++) await once(); // warm-up: connections, caches, JIT

const latencies: number[] = [];
let failures = 0;
let firstFailure: string | undefined;
const end = performance.now() + durationMs;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await once();
        latencies.push(performance.now() - t);
      } catch (error) {
        failures++;
        firstFailure ??= String(error);
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await pool.close();
console.log(JSON.stringify({ requests: latencies.length, failures, firstFailure, seconds, latencies }));
