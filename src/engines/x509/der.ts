/**
 * A DER writer for what an X.509 certificate holds (ITU-T X.690): tag-length-value with definite, minimal lengths.
 * Writing only — berth never parses certificates with it (node:crypto's X509Certificate reads them).
 */
const tags = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const der = {
  sequence: (...items: Uint8Array[]) => tlv(tags.sequence, Buffer.concat(items)),
  set: (...items: Uint8Array[]) => tlv(tags.set, Buffer.concat(items)),
  boolean: (value: boolean) => tlv(tags.boolean, Buffer.from([value ? 0xff : 0x00])),
  /** A non-negative integer from its big-endian bytes, made minimal (a 0x00 in front when the top bit is set). */
  unsigned(bytes: Uint8Array): Buffer {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1]! < 0x80) start++;
    const body = Buffer.from(bytes.subarray(start));
    return tlv(tags.integer, body[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
  },
  small: (value: number) => der.unsigned(Buffer.from([value])),
  oid(dotted: string): Buffer {
    const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
    const bytes = [first * 40 + second];
    for (const arc of rest) {
      const groups: number[] = [];
      for (let v = arc; ; v = Math.floor(v / 128)) {
        groups.unshift(v % 128);
        if (v < 128) break;
      }
      bytes.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
    }
    return tlv(tags.oid, Buffer.from(bytes));
  },
  utf8: (text: string) => tlv(tags.utf8String, Buffer.from(text, 'utf8')),
  octets: (bytes: Uint8Array) => tlv(tags.octetString, bytes),
  /** A BIT STRING of whole bytes (no unused bits). */
  bits: (bytes: Uint8Array) => tlv(tags.bitString, Buffer.concat([Buffer.from([0]), bytes])),
  /** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
  time(date: Date): Buffer {
    const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    return date.getUTCFullYear() < 2050
      ? tlv(tags.utcTime, Buffer.from(`${iso.slice(2)}Z`))
      : tlv(tags.generalizedTime, Buffer.from(`${iso}Z`));
  },
  /** `[n]` EXPLICIT (constructed) around an encoded value. */
  explicit: (n: number, content: Uint8Array) => tlv(0xa0 | n, content),
  /** `[n]` IMPLICIT of a primitive (a GeneralName's dNSName [2], iPAddress [7]; a key identifier [0]). */
  implicit: (n: number, content: Uint8Array) => tlv(0x80 | n, content),
};
