import { BerthError, isBerthError } from '../../errors/index.js';
import { type Digest, parseDigest } from './digest.js';
import { quote } from './quote.js';

/**
 * An image reference after Docker-style normalisation (distribution/reference `ParseNormalizedNamed`):
 * `alpine` is `{domain: 'docker.io', path: 'library/alpine'}`. Both a tag and a digest may be present; the digest
 * wins when pulling (`manifestIdentifier`).
 */
export interface ImageReference {
  /** The registry as users write it: `docker.io` for Docker Hub, otherwise host[:port] exactly as given. */
  readonly domain: string;
  /** The repository inside the registry, e.g. `library/alpine`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: Digest;
}

export const dockerHubDomain = 'docker.io';
/** Docker Hub's API lives on another host than its familiar name (containerd resolver.go, docker/cli config.go). */
export const dockerHubApiHost = 'registry-1.docker.io';
export const defaultTag = 'latest';
/** distribution/reference RepositoryNameTotalLengthMax: applies to the path, domain excluded. */
export const maxRepositoryPathLength = 255;

const legacyDockerHubDomain = 'index.docker.io';
const officialPrefix = 'library/';
// Longer than any valid reference (253-char host, port, 255-char path, 128-char tag, sha512 digest).
const maxReferenceLength = 1024;

const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainLabel = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const ipv6Body = /^[a-fA-F0-9:]+$/;
const portDigits = /^[0-9]+$/;
const tagGrammar = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const imageId = /^[a-f0-9]{64}$/;

/** Parses and normalises `[domain/]path[:tag][@digest]`; a bad reference gets BERTH_INVALID_REFERENCE. */
export function parseReference(input: string): ImageReference {
  if (typeof input !== 'string' || input === '') throw invalid(String(input ?? ''), 'it is empty');
  if (input.length > maxReferenceLength)
    throw invalid(input, `it is longer than ${maxReferenceLength} characters`);
  if (imageId.test(input)) {
    throw invalid(input, 'a 64-character hex string is an image ID, not a repository name');
  }
  let name = input;
  let digest: Digest | undefined;
  const at = name.indexOf('@');
  if (at !== -1) {
    digest = referenceDigest(input, name.slice(at + 1));
    name = name.slice(0, at);
  }
  let tag: string | undefined;
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  if (colon !== -1) {
    if (!name.includes('/') && name.startsWith('[')) {
      throw invalid(input, 'an IPv6 registry address must be followed by a repository path');
    }
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
    checkTag(input, tag);
  }
  if (name === '') throw invalid(input, 'the repository name is missing');
  const { domain, path } = splitDomain(name);
  if (domain !== dockerHubDomain) checkDomain(input, domain);
  checkPath(input, path);
  return { domain, path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** The fully-qualified name without tag or digest: `docker.io/library/alpine`. */
export function referenceName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The fully-qualified string, e.g. `docker.io/library/alpine:3.20@sha256:…`; parses back to `ref`. */
export function formatReference(ref: ImageReference): string {
  return referenceName(ref) + suffix(ref);
}

/** The short form `docker` prints: `alpine:3.20`, `user/app`, `ghcr.io/o/app`; parses back to `ref`. */
export function formatFamiliarReference(ref: ImageReference): string {
  return familiarName(ref) + suffix(ref);
}

/** The familiar repository name: Docker Hub's domain and `library/` dropped where that stays unambiguous. */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== dockerHubDomain) return referenceName(ref);
  const short = ref.path.startsWith(officialPrefix) ? ref.path.slice(officialPrefix.length) : ref.path;
  const candidate = short.includes('/') ? ref.path : short;
  // distribution's FamiliarName drops the domain even when the first path component would then read as one
  // (`docker.io/foo.bar/app`); keeping it makes the familiar string parse back to the same reference.
  const slash = candidate.indexOf('/');
  return slash !== -1 && looksLikeDomain(candidate.slice(0, slash)) ? referenceName(ref) : candidate;
}

/** The host[:port] the registry API is served from: `registry-1.docker.io` for Docker Hub. */
export function registryApiHost(ref: Pick<ImageReference, 'domain'>): string {
  return ref.domain === dockerHubDomain ? dockerHubApiHost : ref.domain;
}

/** The reference with tag `latest` when it has neither tag nor digest (containerd/ECS show this form). */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: defaultTag } : ref;
}

/** What goes after `/manifests/`: the digest when there is one (it wins over the tag), else the tag or `latest`. */
export function manifestIdentifier(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? defaultTag;
}

function suffix(ref: ImageReference): string {
  return (ref.tag === undefined ? '' : `:${ref.tag}`) + (ref.digest === undefined ? '' : `@${ref.digest}`);
}

/** distribution/reference splitDockerDomain: which first component is a registry rather than a namespace. */
function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  // A single component is always a Docker Hub official image, even `localhost` or `example.com` (upstream FIXME).
  if (slash === -1) return { domain: dockerHubDomain, path: officialPrefix + name };
  const first = name.slice(0, slash);
  let domain = dockerHubDomain;
  let path = name;
  if (looksLikeDomain(first) || first !== first.toLowerCase()) {
    domain = first === legacyDockerHubDomain ? dockerHubDomain : first;
    path = name.slice(slash + 1);
  }
  if (domain === dockerHubDomain && !path.includes('/')) path = officialPrefix + path;
  return { domain, path };
}

function looksLikeDomain(component: string): boolean {
  return component === 'localhost' || component.includes('.') || component.includes(':');
}

function checkDomain(input: string, domain: string): void {
  let host = domain;
  let port: string | undefined;
  if (domain.startsWith('[')) {
    const close = domain.indexOf(']');
    if (close === -1 || !ipv6Body.test(domain.slice(1, close))) {
      throw invalid(
        input,
        `registry ${quote(domain)} is not a bracketed IPv6 address (zones are not allowed)`,
      );
    }
    host = domain.slice(0, close + 1);
    const rest = domain.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':'))
      throw invalid(input, `registry ${quote(domain)} has junk after "]"`);
    if (rest !== '') port = rest.slice(1);
  } else {
    const colon = domain.indexOf(':');
    if (colon !== -1) {
      host = domain.slice(0, colon);
      port = domain.slice(colon + 1);
    }
    if (!host.split('.').every((label) => domainLabel.test(label))) {
      throw invalid(input, `registry host ${quote(host)} is not a valid host name or IPv4 address`);
    }
  }
  // Upstream's grammar takes any digit string; a port above 65535 can never be dialled, so say so now.
  if (port !== undefined && !(portDigits.test(port) && Number(port) <= 65535)) {
    throw invalid(input, `registry port ${quote(port)} is not a number from 0 to 65535`);
  }
}

function checkPath(input: string, path: string): void {
  if (path.length > maxRepositoryPathLength) {
    throw invalid(input, `the repository name must not be more than ${maxRepositoryPathLength} characters`);
  }
  if (path !== path.toLowerCase()) throw invalid(input, `repository name ${quote(path)} must be lowercase`);
  for (const component of path.split('/')) {
    if (component === '') throw invalid(input, 'the repository name has an empty path component');
    if (!pathComponent.test(component)) {
      throw invalid(
        input,
        `path component ${quote(component)} must be lowercase letters and digits joined by ".", "_", "__" or "-"`,
      );
    }
  }
}

function checkTag(input: string, tag: string): void {
  if (tag === '') throw invalid(input, 'the tag after ":" is empty');
  if (!tagGrammar.test(tag)) {
    throw invalid(
      input,
      `tag ${quote(tag)} must be 1 to 128 of [A-Za-z0-9_.-] and not start with "." or "-"`,
    );
  }
}

function referenceDigest(input: string, text: string): Digest {
  try {
    return parseDigest(text);
  } catch (error) {
    if (!isBerthError(error)) throw error;
    throw new BerthError(
      'BERTH_INVALID_REFERENCE',
      `invalid reference format ${quote(input)}: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

function invalid(input: string, reason: string): BerthError {
  return new BerthError('BERTH_INVALID_REFERENCE', `invalid reference format ${quote(input)}: ${reason}`);
}
