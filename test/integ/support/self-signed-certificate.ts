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
