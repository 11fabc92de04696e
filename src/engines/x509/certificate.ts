/**
 * X.509 v3 certificates (RFC 5280) for berth's HTTPS listener: a CA and a server certificate it signs, with ECDSA
 * P-256 / SHA-256. Pure: the keys' SubjectPublicKeyInfo, the serial's random bytes and the signing function come
 * from the caller (node:crypto in the adapter).
 */
import { createHash } from 'node:crypto';
import { der } from './der.js';

const oids = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

export interface Party {
  readonly organization: string;
  readonly commonName: string;
  /** The DER SubjectPublicKeyInfo of its key (`publicKey.export({ type: 'spki', format: 'der' })`). */
  readonly publicKey: Uint8Array;
}

export interface CertificateRequest {
  readonly subject: Party;
  /** The signer; the subject itself for a self-signed CA. */
  readonly issuer: Party;
  /** Random bytes for the serial number (16 recommended). */
  readonly serial: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** A CA (may sign certificates) or a TLS server certificate for `names` (DNS names and IP addresses). */
  readonly role: { readonly ca: true } | { readonly ca: false; readonly names: readonly string[] };
  /** Signs the to-be-signed bytes with the issuer's key: an ECDSA-Sig-Value in DER. */
  readonly sign: (tbs: Buffer) => Buffer;
}

/** The certificate in DER. */
export function x509Certificate(request: CertificateRequest): Buffer {
  const algorithm = der.sequence(der.oid(oids.ecdsaWithSha256));
  const serial = Buffer.from(request.serial);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and minimal as it stands (RFC 5280 §4.1.2.2)
  const tbs = der.sequence(
    der.explicit(0, der.small(2)), // v3
    der.unsigned(serial),
    algorithm,
    name(request.issuer),
    der.sequence(der.time(request.notBefore), der.time(request.notAfter)),
    name(request.subject),
    Buffer.from(request.subject.publicKey),
    der.explicit(3, der.sequence(...extensions(request))),
  );
  return der.sequence(tbs, algorithm, der.bits(request.sign(tbs)));
}

/** PEM text of a DER certificate. */
export function certificatePem(certificate: Uint8Array): string {
  const lines =
    Buffer.from(certificate)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function name(party: Party): Buffer {
  const attribute = (oid: string, value: string) => der.set(der.sequence(der.oid(oid), der.utf8(value)));
  return der.sequence(
    attribute(oids.organization, party.organization),
    attribute(oids.commonName, party.commonName),
  );
}

function extensions(request: CertificateRequest): Buffer[] {
  const extension = (oid: string, critical: boolean, value: Buffer) =>
    der.sequence(der.oid(oid), ...(critical ? [der.boolean(true)] : []), der.octets(value));
  const subjectKey = keyIdentifier(request.subject.publicKey);
  const common = [
    extension(oids.subjectKeyIdentifier, false, der.octets(subjectKey)),
    extension(
      oids.authorityKeyIdentifier,
      false,
      der.sequence(der.implicit(0, keyIdentifier(request.issuer.publicKey))),
    ),
  ];
  if (request.role.ca) {
    return [
      extension(oids.basicConstraints, true, der.sequence(der.boolean(true))),
      // keyCertSign and cRLSign: bits 5 and 6 (RFC 5280 §4.2.1.3), one unused bit.
      extension(oids.keyUsage, true, Buffer.from([0x03, 0x02, 0x01, 0x06])),
      ...common,
    ];
  }
  const names = request.role.names.map((value) =>
    isAddress(value) ? der.implicit(7, ipBytes(value)) : der.implicit(2, Buffer.from(value, 'ascii')),
  );
  return [
    extension(oids.basicConstraints, true, der.sequence()),
    // digitalSignature: bit 0, seven unused bits.
    extension(oids.keyUsage, true, Buffer.from([0x03, 0x02, 0x07, 0x80])),
    extension(oids.extendedKeyUsage, false, der.sequence(der.oid(oids.serverAuth))),
    extension(oids.subjectAltName, false, der.sequence(...names)),
    ...common,
  ];
}

/** A SHA-1 of the SubjectPublicKeyInfo: RFC 5280 §4.2.1.2 takes any method that gives each key its own value. */
function keyIdentifier(spki: Uint8Array): Buffer {
  return createHash('sha1').update(spki).digest();
}

const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isAddress(value: string): boolean {
  return ipv4.test(value) || value.includes(':');
}

function ipBytes(address: string): Buffer {
  if (ipv4.test(address)) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array(missing).fill('0'), ...groups(tail)];
  return Buffer.concat(all.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}
