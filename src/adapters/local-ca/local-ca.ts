/**
 * The certificates of berth's HTTPS listener, made into the state dir on first start and kept: a CA (`tls/ca.pem`,
 * its key `tls/ca.key` 0600) that `berth env` exports as AWS_CA_BUNDLE and NODE_EXTRA_CA_CERTS, and a server
 * certificate it signed (`tls/server.pem`, key 0600) for localhost, *.localhost, 127.0.0.1 and ::1. Keys are ECDSA
 * P-256 from node:crypto and the certificates are written by engines/x509 — no openssl process, so a fresh state dir
 * starts as fast as before. The CA stays across restarts, so a trust set up once keeps working; the server
 * certificate is made again when it is missing or within a month of expiring.
 */
import {
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { certificatePem, type Party, x509Certificate } from '../../engines/x509/index.js';
import { entryOf } from '../state-dir/index.js';

export interface TlsMaterial {
  /** The CA certificate's path: what clients are told to trust. */
  readonly caPath: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** The names the server certificate covers: `localhost` makes the CDK CLI use path-style S3 (ref cloudformation-cdk §1.1). */
export const serverNames = ['localhost', '*.localhost', '127.0.0.1', '::1'] as const;

const dayMs = 24 * 3600 * 1000;

/** The listener's certificate and key, made (with the CA, if there is none yet) when needed. */
export function ensureLocalCa(tlsDir: string, now: Date = new Date()): TlsMaterial {
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const dir = resolve(tlsDir);
  const file = (name: string) => entryOf(dir, name);
  let fresh = false;
  if (!usable(file('ca.pem'), now) || !existsSync(file('ca.key'))) {
    makeCa(file, now);
    fresh = true;
  }
  if (fresh || !usable(file('server.pem'), now)) makeServerCertificate(file, now);
  return {
    caPath: file('ca.pem'),
    cert: readFileSync(file('server.pem')),
    key: readFileSync(file('server.key')),
  };
}

function newKey(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function party(commonName: string, publicKey: KeyObject): Party {
  return { organization: 'berth', commonName, publicKey: publicKey.export({ type: 'spki', format: 'der' }) };
}

const signer = (key: KeyObject) => (tbs: Buffer) => sign('sha256', tbs, { key, dsaEncoding: 'der' });

function makeCa(file: (name: string) => string, now: Date): void {
  const { publicKey, privateKey } = newKey();
  const ca = party('berth local CA', publicKey);
  const certificate = x509Certificate({
    subject: ca,
    issuer: ca,
    serial: randomBytes(16),
    notBefore: new Date(now.getTime() - dayMs),
    notAfter: new Date(now.getTime() + 3650 * dayMs),
    role: { ca: true },
    sign: signer(privateKey),
  });
  writeKeyAndCertificate(file('ca.key'), privateKey, file('ca.pem'), certificate);
}

function makeServerCertificate(file: (name: string) => string, now: Date): void {
  const caKey = createPrivateKey(readFileSync(file('ca.key')));
  const caCertificate = new X509Certificate(readFileSync(file('ca.pem')));
  const { publicKey, privateKey } = newKey();
  const certificate = x509Certificate({
    subject: party('localhost', publicKey),
    issuer: party('berth local CA', caCertificate.publicKey),
    serial: randomBytes(16),
    notBefore: new Date(now.getTime() - dayMs),
    // 825 days: the longest validity Apple's TLS clients accept for a server certificate.
    notAfter: new Date(now.getTime() + 825 * dayMs),
    role: { ca: false, names: serverNames },
    sign: signer(caKey),
  });
  writeKeyAndCertificate(file('server.key'), privateKey, file('server.pem'), certificate);
}

/**
 * The key 0600, the certificate readable. Not fsynced: a torn pair after a crash is not usable and is made again
 * (a torn CA makes a new CA), and a fresh state dir starts without waiting for the disk.
 */
function writeKeyAndCertificate(
  keyPath: string,
  key: KeyObject,
  certPath: string,
  certificate: Buffer,
): void {
  writeFileSync(keyPath, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(certPath, certificatePem(certificate), { mode: 0o644 });
}

function usable(path: string, now: Date): boolean {
  if (!existsSync(path)) return false;
  try {
    const certificate = new X509Certificate(readFileSync(path));
    return new Date(certificate.validTo).getTime() - now.getTime() > 30 * dayMs;
  } catch {
    return false;
  }
}
