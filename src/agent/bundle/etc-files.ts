/**
 * The three files Docker bind-mounts into every container (/etc/hosts, /etc/hostname, /etc/resolv.conf), as text.
 * The runtime writes them into the bundle; the config mounts them over the image's.
 */

export interface EtcFileTexts {
  readonly hosts: string;
  readonly hostname: string;
  readonly resolvConf: string;
}

/** Docker's fallback when the host lists only loopback name servers, which a separate namespace cannot reach. */
export const fallbackNameservers = ['8.8.8.8', '8.8.4.4'];

/**
 * `hostResolvConf` is the host's /etc/resolv.conf (undefined when it has none). With a network namespace of its own
 * the container cannot reach a resolver on the host's loopback (systemd-resolved's 127.0.0.53), so those lines are
 * dropped, as Docker does.
 */
export function etcFileTexts(input: {
  readonly hostname: string;
  readonly hostResolvConf: string | undefined;
  readonly ownNetwork: boolean;
}): EtcFileTexts {
  return {
    hosts: hostsText(input.hostname),
    hostname: `${input.hostname}\n`,
    resolvConf: resolvConfText(input.hostResolvConf ?? '', input.ownNetwork),
  };
}

function hostsText(hostname: string): string {
  return [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    // So the container's own name resolves (some runtimes refuse to start otherwise), as on Debian hosts.
    `127.0.1.1\t${hostname}`,
    '',
  ].join('\n');
}

function resolvConfText(host: string, ownNetwork: boolean): string {
  const lines = host.split('\n').filter((line) => !(ownNetwork && isLoopbackNameserver(line)));
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (!lines.some((line) => /^\s*nameserver\s/.test(line))) {
    lines.push(...fallbackNameservers.map((ip) => `nameserver ${ip}`));
  }
  return `${lines.join('\n')}\n`;
}

function isLoopbackNameserver(line: string): boolean {
  const match = /^\s*nameserver\s+(\S+)/.exec(line);
  return match !== null && (match[1]!.startsWith('127.') || match[1] === '::1');
}
