// The DER certificates berth's HTTPS listener uses, read back by node's own X.509 parser (RFC 5280).
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { certificatePem, x509Certificate } from './certificate.js';
import { der } from './der.js';

test('DER: lengths past 127 bytes, minimal integers, object identifiers, times either side of 2050', () => {
  assert.deepEqual([...der.octets(Buffer.alloc(200)).subarray(0, 3)], [0x04, 0x81, 200]);
  assert.deepEqual([...der.unsigned(Buffer.from([0, 0, 0x7f]))], [0x02, 0x01, 0x7f]);
  assert.deepEqual([...der.unsigned(Buffer.from([0x80]))], [0x02, 0x02, 0x00, 0x80]);
  assert.equal(der.oid('1.2.840.10045.4.3.2').toString('hex'), '06082a8648ce3d040302');
  assert.equal(der.time(new Date('2026-12-07T10:00:00Z')).toString('latin1').slice(2), '261207100000Z');
  assert.equal(der.time(new Date('2051-01-01T00:00:00Z')).toString('latin1').slice(2), '20510101000000Z');
});

test('a CA and a server certificate it signs, for localhost, *.localhost, 127.0.0.1 and ::1', () => {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serverKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = (key: typeof caKeys.publicKey) => key.export({ type: 'spki', format: 'der' });
  const ca = { organization: 'berth', commonName: 'berth local CA', publicKey: spki(caKeys.publicKey) };
  const now = new Date('2026-12-07T00:00:00Z');
  const later = new Date('2030-01-01T00:00:00Z');
  const signer = (tbs: Buffer) => sign('sha256', tbs, { key: caKeys.privateKey, dsaEncoding: 'der' });
  const caCert = new X509Certificate(
    certificatePem(
      x509Certificate({
        subject: ca,
        issuer: ca,
        serial: randomBytes(16),
        notBefore: now,
        notAfter: later,
        role: { ca: true },
        sign: signer,
      }),
    ),
  );
  assert.equal(caCert.ca, true);
  assert.ok(caCert.verify(caKeys.publicKey));
  assert.equal(caCert.subject, 'O=berth\nCN=berth local CA');
  const server = new X509Certificate(
    x509Certificate({
      subject: { organization: 'berth', commonName: 'localhost', publicKey: spki(serverKeys.publicKey) },
      issuer: ca,
      serial: Buffer.alloc(16, 0xff),
      notBefore: now,
      notAfter: later,
      role: { ca: false, names: ['localhost', '*.localhost', '127.0.0.1', '::1'] },
      sign: signer,
    }),
  );
  assert.equal(server.ca, false);
  assert.ok(server.verify(caKeys.publicKey));
  assert.ok(server.checkIssued(caCert));
  assert.equal(server.checkHost('localhost'), 'localhost');
  // `*.localhost` is in the certificate, but OpenSSL (node, Python) matches no wildcard over a single label.
  assert.equal(server.checkHost('x.localhost'), undefined);
  assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(server.checkIP('::1'), '::1');
  assert.equal(server.checkHost('example.com'), undefined);
  assert.equal(new Date(server.validTo).toISOString(), later.toISOString());
  assert.deepEqual(server.keyUsage, ['1.3.6.1.5.5.7.3.1']);
});
