// `--registry-ca` and `--insecure-registry` values: bad input is refused before anything starts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseInsecureRegistries, parseRegistryCas } from './registry-trust.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-trust-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

test('host=file pairs, comma-separated, each file read as a PEM bundle; hosts lower-cased', () => {
  writeFileSync(join(dir, 'a.pem'), pem);
  writeFileSync(join(dir, 'b.pem'), pem);
  const hosts = parseRegistryCas(`Reg.Local:5000=${join(dir, 'a.pem')}, 10.0.0.5=${join(dir, 'b.pem')}`);
  assert.deepEqual(Object.keys(hosts), ['reg.local:5000', '10.0.0.5']);
  assert.equal(hosts['reg.local:5000']?.caBundle, pem);
  assert.deepEqual(parseRegistryCas(''), {});
});

test('a missing "=", an unreadable file or a file without a certificate is bad input (exit 2)', () => {
  writeFileSync(join(dir, 'empty.pem'), 'not a certificate');
  for (const raw of [
    'reg.local',
    `=${join(dir, 'a.pem')}`,
    'reg.local=',
    `r=${join(dir, 'nope.pem')}`,
    `r=${join(dir, 'empty.pem')}`,
  ]) {
    assert.throws(
      () => parseRegistryCas(raw),
      (error: Error & { exitCode?: number }) => /--registry-ca/.test(error.message),
      raw,
    );
  }
});

test('--insecure-registry: a comma-separated list of hosts', () => {
  assert.deepEqual(parseInsecureRegistries('Reg.Local:5000, 10.0.0.5 ,'), ['reg.local:5000', '10.0.0.5']);
});
