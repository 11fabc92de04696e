import { BerthError } from '../../errors/index.js';
import { quote } from '../oci/index.js';

export interface RealmPolicy {
  /**
   * Accept a realm on a loopback, private or link-local address although the registry is not on one. Harbor
   * behind a proxy can advertise such a realm (ref registry-protocol §1.4); off by default, because a realm is where the
   * credentials go and a hostile registry could name 169.254.169.254 or another internal service.
   */
  readonly allowPrivateRealm?: boolean;
}

/**
 * Where the token request for `realm` goes, or BERTH_INVALID_REALM when credentials must not go there
 * (§0 item 3, §1.4): the realm is resolved against the URL that was challenged (regclient: relative realms), must
 * be http(s) without embedded credentials, must not downgrade https to http, and must not point at a
 * loopback/private/link-local address unless the registry itself is on one (go-containerregistry #2258).
 */
export function resolveRealm(realm: string, challengedUrl: string | URL, policy: RealmPolicy = {}): URL {
  if (!URL.canParse(String(challengedUrl))) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `challenged URL ${quote(String(challengedUrl))} is not a URL`,
    );
  }
  const base = new URL(challengedUrl);
  let url: URL;
  try {
    url = new URL(realm, base);
  } catch {
    throw refused(realm, 'it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused(realm, 'it is not an http(s) URL');
  if (url.username !== '' || url.password !== '') throw refused(realm, 'it embeds credentials');
  if (base.protocol === 'https:' && url.protocol === 'http:') {
    throw refused(realm, 'an https registry may not send credentials to an http realm');
  }
  const realmHost = url.hostname.toLowerCase();
  const registryHost = base.hostname.toLowerCase();
  if (
    !policy.allowPrivateRealm &&
    realmHost !== registryHost &&
    isInternalHost(realmHost) &&
    !isInternalHost(registryHost)
  ) {
    throw refused(realm, `${realmHost} is an internal address and the registry ${registryHost} is not`);
  }
  url.hash = '';
  return url;
}

/**
 * `localhost` or an IP literal that is loopback, unspecified, private (RFC 1918, fc00::/7) or link-local
 * (169.254/16 holds the EC2 and ECS credential endpoints; fe80::/10). Host names other than localhost are
 * not resolved here: that would be IO.
 */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = ipv4Octets(host);
  if (v4) return isInternalIpv4(v4);
  const v6 = host.startsWith('[') && host.endsWith(']') ? ipv6Hextets(host.slice(1, -1)) : undefined;
  if (!v6) return false;
  const [h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0] = v6;
  const zeroPrefix = h0 === 0 && h1 === 0 && h2 === 0 && h3 === 0 && h4 === 0;
  if (zeroPrefix && h5 === 0 && h6 === 0 && (h7 === 0 || h7 === 1)) return true;
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 address in disguise.
  if (zeroPrefix && h5 === 0xffff) return isInternalIpv4([h6 >> 8, h6 & 0xff, h7 >> 8, h7 & 0xff]);
  return (h0 & 0xfe00) === 0xfc00 || (h0 & 0xffc0) === 0xfe80;
}

function isInternalIpv4([a, b]: readonly number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168)
  );
}

function ipv4Octets(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

/** The eight hextets of an IPv6 address in the form WHATWG URL serialises it (hex, `::` compression). */
function ipv6Hextets(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (
    (halves.length === 2 ? missing < 1 : missing !== 0) ||
    ![...head, ...tail].every((h) => /^[0-9a-f]{1,4}$/.test(h))
  ) {
    return undefined;
  }
  return [...head, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tail].map((h) =>
    Number.parseInt(h, 16),
  );
}

function refused(realm: string, reason: string): BerthError {
  return new BerthError('BERTH_INVALID_REALM', `refusing token realm ${quote(realm)}: ${reason}`);
}
