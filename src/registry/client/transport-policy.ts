import { existsSync, readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { redactUrl } from './redact.js';
import { RegistryError, type RegistryOperation } from './registry-error.js';

/** Settings for one registry host. */
export interface RegistryHostOptions {
  /** Plain HTTP is allowed (and used) for this host although it is not loopback. */
  readonly insecure?: boolean;
  /**
   * PEM certificates trusted for this host on top of the system's (a private CA: a gap Fargate itself has). A host
   * with a bundle is spoken to over HTTPS even on loopback.
   */
  readonly caBundle?: string | Uint8Array;
}

export interface TransportPolicyOptions {
  readonly hosts?: Readonly<Record<string, RegistryHostOptions>>;
  readonly insecureHosts?: readonly string[];
  readonly systemCaFile?: string;
}

const systemCaFiles = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
];

/**
 * Which scheme each host gets and where requests may go (ref registry-protocol §0 item 3, §3.1): HTTPS by default; plain HTTP
 * only for loopback hosts and hosts named insecure; a redirect may not turn HTTPS into HTTP, and a plain-HTTP target
 * must itself be loopback or insecure.
 */
export class TransportPolicy {
  readonly #hosts: Map<string, RegistryHostOptions>;
  readonly #insecure: Set<string>;
  readonly #systemCaFile: string | undefined;
  #systemCas: string[] | undefined;

  constructor(options: TransportPolicyOptions = {}) {
    this.#hosts = new Map(Object.entries(options.hosts ?? {}).map(([host, o]) => [host.toLowerCase(), o]));
    this.#insecure = new Set((options.insecureHosts ?? []).map((h) => h.toLowerCase()));
    for (const [host, o] of this.#hosts) if (o.insecure) this.#insecure.add(host);
    this.#systemCaFile = options.systemCaFile;
  }

  /** The base URL of a registry API host (`host[:port]`). */
  baseUrl(host: string): URL {
    const plain =
      this.isPlainHttpAllowed(host) && this.#hosts.get(host.toLowerCase())?.caBundle === undefined;
    return new URL(`${plain ? 'http' : 'https'}://${host}/`);
  }

  /** Loopback hosts, and hosts named insecure either with or without their port. */
  isPlainHttpAllowed(host: string): boolean {
    const lower = host.toLowerCase();
    const hostname = hostnameOf(lower);
    return isLoopbackHost(hostname) || this.#insecure.has(lower) || this.#insecure.has(hostname);
  }

  /** Refuses, before anything is sent, a plain-HTTP request to a host that may not have one. */
  checkTarget(url: URL, operation: RegistryOperation): void {
    if (url.protocol === 'https:') return;
    if (url.protocol !== 'http:') {
      throw refused(`refusing ${url.protocol} URL ${redactUrl(url)}: only http(s) is spoken`, operation, url);
    }
    if (!this.isPlainHttpAllowed(url.host)) {
      throw refused(
        `refusing plain HTTP to ${url.host}: it is not a loopback address; name it with --insecure-registry to allow it`,
        operation,
        url,
      );
    }
  }

  /** Where a redirect goes, checked: a valid URL, http(s), and never from HTTPS down to HTTP. */
  redirectTarget(from: URL, location: string, operation: RegistryOperation): URL {
    let next: URL;
    try {
      next = new URL(location, from);
    } catch {
      throw new RegistryError(
        'BERTH_REGISTRY_PROTOCOL',
        `redirect from ${redactUrl(from)} to an invalid URL`,
        {
          operation,
          url: redactUrl(from),
        },
      );
    }
    if (from.protocol === 'https:' && next.protocol === 'http:') {
      throw refused(
        `refusing redirect from HTTPS ${redactUrl(from)} to plain HTTP ${redactUrl(next)}`,
        operation,
        from,
      );
    }
    next.hash = '';
    return next;
  }

  /** Hosts with the same trust share an agent: the key says which CA set applies. */
  tlsKey(host: string): string {
    return this.#hosts.get(host.toLowerCase())?.caBundle === undefined ? 'tls' : `tls:${host.toLowerCase()}`;
  }

  /** Node's bundled roots, the system bundle, and the host's own bundle. */
  caFor(host: string): string[] {
    const bundle = this.#hosts.get(host.toLowerCase())?.caBundle;
    const extra =
      bundle === undefined ? [] : [typeof bundle === 'string' ? bundle : new TextDecoder().decode(bundle)];
    return [...rootCertificates, ...this.#systemCertificates(), ...extra];
  }

  #systemCertificates(): string[] {
    if (this.#systemCas === undefined) {
      const file = this.#systemCaFile ?? systemCaFiles.find((path) => existsSync(path));
      let pem = '';
      try {
        pem = file === undefined ? '' : readFileSync(file, 'utf8');
      } catch {
        pem = '';
      }
      this.#systemCas = pem.includes('-----BEGIN CERTIFICATE-----') ? [pem] : [];
    }
    return this.#systemCas;
  }
}

/** `localhost`, 127.0.0.0/8 and ::1: where plain HTTP cannot be intercepted. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  return /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(host);
}

/** `host` of `host:port`, IPv6 brackets kept. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function refused(message: string, operation: RegistryOperation, url: URL): RegistryError {
  return new RegistryError('BERTH_REGISTRY_INSECURE', message, { operation, url: redactUrl(url) });
}
