import { ecrRegistryOf } from '../ecs/index.js';

/** Where an image is pulled from, as far as the doctor's rules care. */
export type ImageHost =
  | { readonly kind: 'ecr'; readonly host: string }
  | { readonly kind: 'docker-hub' }
  /** ECR Public: always public, pulled anonymously with a generous limit. */
  | { readonly kind: 'ecr-public' }
  /** A host a public CA certifies only if it has a public DNS name; `privateName` when it cannot have one. */
  | { readonly kind: 'other'; readonly host: string; readonly privateName: boolean };

/**
 * The registry of an image reference by the distribution/reference rule: the first path component is a host if it
 * has a `.` or a `:` or is `localhost`; otherwise the image is on Docker Hub (`nginx`, `library/nginx`).
 */
export function imageHost(image: string): ImageHost {
  if (ecrRegistryOf(image)) return { kind: 'ecr', host: image.slice(0, image.indexOf('/')) };
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!isHost) return { kind: 'docker-hub' };
  const host = first.toLowerCase();
  if (host === 'public.ecr.aws') return { kind: 'ecr-public' };
  if (host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io')
    return { kind: 'docker-hub' };
  return { kind: 'other', host: first, privateName: isPrivateName(host.replace(/:\d+$/, '')) };
}

/** Private addresses (RFC 1918, loopback, link-local) and names no public CA signs (`.local`, `.internal`, …). */
function isPrivateName(host: string): boolean {
  if (host === 'localhost' || !host.includes('.')) return true;
  const octets = host.split('.').map(Number);
  if (octets.length === 4 && octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255)) {
    const [a, b] = octets as [number, number];
    return (
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  return /\.(local|internal|lan|corp|home|intranet|localdomain|test)$/.test(host);
}
