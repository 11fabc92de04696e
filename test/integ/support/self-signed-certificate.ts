import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool, run } from './system-tools.js';

/** A fresh P-256 key and self-signed certificate from the openssl CLI (installed by scripts/setup), as PEM text. */
export async function selfSignedCertificate(
  subject: string,
  extraArgs: readonly string[] = [],
): Promise<{ certPem: string; keyPem: string }> {
  requireTool('openssl');
  const dir = mkdtempSync(join(tmpdir(), 'berth-cert-'));
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      subject,
      ...extraArgs,
    ]);
    return {
      certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A private CA and a server certificate it signed for `ip` (subjectAltName IP), from the openssl CLI: what a
 * self-hosted registry with a company CA presents.
 */
export async function privateCaCertificate(
  ip: string,
): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  requireTool('openssl');
  const dir = mkdtempSync(join(tmpdir(), 'berth-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'];
  try {
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      join(dir, 'ca.pem'),
      '-subj',
      '/CN=berth test private CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-CA',
      join(dir, 'ca.pem'),
      '-CAkey',
      join(dir, 'ca.key'),
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      `/CN=${ip}`,
      '-addext',
      `subjectAltName=IP:${ip}`,
      '-addext',
      'basicConstraints=CA:FALSE',
    ]);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    return { caPem: read('ca.pem'), certPem: read('cert.pem'), keyPem: read('key.pem') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
