import {
  formatFamiliarReference,
  formatPlatform,
  formatReference,
  type ImageReference,
  normalizePlatform,
  type Platform,
  withDefaultTag,
} from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import { formatServerErrors, isRegistryError, type RegistryError } from '../../registry/client/index.js';
import { messages } from '../messages.js';

/** Where the pull ran, as far as the texts differ. */
export type LaunchType = 'FARGATE' | 'EC2';

export interface PullFailureContext {
  readonly reference: ImageReference;
  readonly platform: Platform;
  /** The "has been retried N time(s)" count; berth's agent makes one pass, so 1 by default. */
  readonly retries?: number;
  readonly launchType?: LaunchType;
}

const { containerd, fargate, ec2 } = messages;

/**
 * The stoppedReason ECS would give for a failed pull (reference/ecs-private-auth.md §3.2, §3.3, §7): the registry
 * client's typed error mapped onto the catalogue in messages.ts. The resolve step (HEAD by tag, the first GET by
 * digest, the token) reads `failed to resolve ref <ref>: …`; later manifest and blob GETs read
 * `ref pull … failed to copy: …`; no platform match has its own text. Only redacted URLs reach these texts.
 */
export function pullFailureReason(error: unknown, context: PullFailureContext): string {
  const ref = formatReference(withDefaultTag(context.reference));
  const retries = context.retries ?? 1;
  const platform = formatPlatform(normalizePlatform(context.platform));
  if (context.launchType === 'EC2') {
    const text = ec2Reason(error, context, platform);
    if (text !== undefined) return text;
  }
  if (isBerthError(error) && error.code === 'BERTH_PLATFORM_NOT_FOUND') {
    return fargate.platformMismatch(platform, retries);
  }
  if (isRegistryError(error)) {
    if (error.operation === 'blob' || error.operation === 'manifest') {
      return fargate.copyFailed(copyDetail(error), retries);
    }
    return fargate.resolveFailed(ref, resolveDetail(error, ref), retries);
  }
  if (isBerthError(error)) {
    switch (error.code) {
      case 'BERTH_DIGEST_MISMATCH':
      case 'BERTH_SIZE_MISMATCH':
        return fargate.copyFailed(error.message, retries);
      case 'BERTH_UNSUPPORTED_MANIFEST':
      case 'BERTH_INVALID_MANIFEST':
      case 'BERTH_INVALID_IMAGE_CONFIG':
        return fargate.resolveFailed(ref, error.message, retries);
      default:
        return fargate.other(error.message);
    }
  }
  return fargate.other(error instanceof Error ? error.message : String(error));
}

function resolveDetail(error: RegistryError, ref: string): string {
  if (error.operation === 'token') return containerd.authorize(error.message);
  if (error.status === 404) return containerd.notFound(ref);
  return error.message;
}

function copyDetail(error: RegistryError): string {
  const url = error.url ?? '';
  if (error.status === 404) return containerd.contentNotFound(url);
  if (error.status !== undefined && error.status >= 400) {
    const server = error.serverErrors.length === 0 ? undefined : formatServerErrors(error.serverErrors);
    return containerd.failedOpen(url, error.status, server);
  }
  return error.message;
}

/** The Docker-daemon texts ECS on EC2 shows for the cases the reference records; undefined for the rest. */
function ec2Reason(error: unknown, context: PullFailureContext, platform: string): string | undefined {
  if (isBerthError(error) && error.code === 'BERTH_PLATFORM_NOT_FOUND') return ec2.platformMismatch(platform);
  if (!isRegistryError(error)) return undefined;
  const server = error.serverErrors[0];
  if (error.status === 404 && error.operation === 'resolve') {
    if (context.reference.digest !== undefined)
      return ec2.manifestNotFound(formatFamiliarReference(context.reference));
    return ec2.manifestUnknown(server?.message || 'manifest unknown');
  }
  if (error.status === 429) return ec2.tooManyRequests(server?.message || 'Too Many Requests');
  return undefined;
}
