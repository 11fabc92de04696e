/**
 * Every ECS-visible text of an image pull, in one catalogue (DESIGN.md: agent/messages.ts). Each text is built from
 * the pieces ECS shows verbatim in reference/ecs-private-auth.md §3 (Fargate §3.3, EC2 §3.2, decision table §7);
 * messages.test.ts pins every builder to those strings byte for byte. Callers fill in references, URLs and statuses;
 * they never write these words themselves.
 *
 * Fargate's agent is closed source, but its pull texts are containerd's errors under a retry prefix:
 * `CannotPullContainerError: pull image manifest has been retried N time(s): failed to resolve ref <ref>: <err>` for
 * the resolve step, `… ref pull has been retried N time(s): failed to copy: <err>` for blob copies.
 */
import { STATUS_CODES } from 'node:http';

/** The error names ECS prefixes reasons with. */
const ecsErrorNames = {
  cannotPullContainer: 'CannotPullContainerError',
  cannotPullImageManifest: 'CannotPullImageManifestError',
} as const;

/** `401 Unauthorized`: Go's `resp.Status`. */
export function httpStatus(status: number): string {
  const text = STATUS_CODES[status];
  return text === undefined ? String(status) : `${status} ${text}`;
}

/** Pieces containerd puts inside the texts (core/remotes). */
const containerdTexts = {
  /** `unexpected status from GET request to <url>: 401 Unauthorized` (remotes/errors ErrUnexpectedStatus). */
  unexpectedStatus: (method: string, url: string, status: number) =>
    `unexpected status from ${method} request to ${url}: ${httpStatus(status)}`,
  /** `failed to fetch anonymous token: <err>` / `failed to fetch oauth token: <err>` (docker/authorizer.go). */
  fetchToken: (kind: 'anonymous' | 'oauth', detail: string) => `failed to fetch ${kind} token: ${detail}`,
  /** `failed to authorize: <err>` (docker/resolver.go, request.do). */
  authorize: (detail: string) => `failed to authorize: ${detail}`,
  /** `failed to do request: Head "<url>": <net error>` (resolver.go; Go's url.Error). */
  doRequest: (method: string, url: string, detail: string) =>
    `failed to do request: ${method.charAt(0)}${method.slice(1).toLowerCase()} "${url}": ${detail}`,
  /** `<ref>: not found` (resolver.go: every host answered 404). */
  notFound: (ref: string) => `${ref}: not found`,
  /** `httpReadSeeker: failed open: unexpected status code <url>: 429 Too Many Requests - Server message: …`. */
  failedOpen: (url: string, status: number, serverMessage?: string) =>
    `httpReadSeeker: failed open: unexpected status code ${url}: ${httpStatus(status)}` +
    (serverMessage === undefined ? '' : ` - Server message: ${serverMessage}`),
  /** `httpReadSeeker: failed open: content at <url> not found: not found` (docker/fetcher.go on 404). */
  contentNotFound: (url: string) => `httpReadSeeker: failed open: content at ${url} not found: not found`,
} as const;

/** Fargate's texts (reference §3.3 and the decision table's Fargate column). */
const fargatePullMessages = {
  /** The resolve step (manifest HEAD/GET, token): 401, 403, network, and (INF) not found. */
  resolveFailed: (ref: string, detail: string, retries = 1) =>
    `${ecsErrorNames.cannotPullContainer}: pull image manifest has been retried ${retries} time(s): failed to resolve ref ${ref}: ${detail}`,
  /** No manifest for the task's platform. */
  platformMismatch: (platform: string, retries = 1) =>
    `${ecsErrorNames.cannotPullContainer}: pull image manifest has been retried ${retries} time(s): image Manifest does not contain descriptor matching platform '${platform}'`,
  /** The copy step (blob downloads): 429 on a GET, other statuses, broken transfers. */
  copyFailed: (detail: string, retries = 1) =>
    `${ecsErrorNames.cannotPullContainer}: ref pull has been retried ${retries} time(s): failed to copy: ${detail}`,
  /** Anything else that stops a pull (unpack, disk): containerd's error under the plain error name. */
  other: (detail: string) => `${ecsErrorNames.cannotPullContainer}: ${detail}`,
} as const;

/** EC2's texts (Docker daemon words, reference §3.2 and the decision table's EC2 column). */
const ec2PullMessages = {
  /** Tag or repository missing, in the manifest step. */
  manifestUnknown: (registryMessage: string) =>
    `${ecsErrorNames.cannotPullImageManifest}: Error response from daemon: manifest unknown: ${registryMessage}`,
  /** A digest reference that is missing, in the pull step. */
  manifestNotFound: (ref: string) =>
    `${ecsErrorNames.cannotPullContainer}: Error response from daemon: manifest for ${ref} not found: manifest unknown: manifest unknown`,
  /** A rate limit, in the manifest step (the registry's own message follows `toomanyrequests: `). */
  tooManyRequests: (registryMessage: string) =>
    `${ecsErrorNames.cannotPullImageManifest}: Error response from daemon: toomanyrequests: ${registryMessage}`,
  /** Docker's platform text arrives in the pull stream, so it has no "Error response from daemon" (INF prefix). */
  platformMismatch: (platform: string) =>
    `${ecsErrorNames.cannotPullContainer}: no matching manifest for ${platform} in the manifest list entries`,
} as const;

/** The catalogue. */
export const messages = {
  errorNames: ecsErrorNames,
  containerd: containerdTexts,
  fargate: fargatePullMessages,
  ec2: ec2PullMessages,
} as const;
