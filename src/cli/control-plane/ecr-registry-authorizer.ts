// The registry's authorizer with ECR beside the built-in users: a request to ECR's door (the host `localhost`), to a
// repository in an ECR namespace (`<account>.dkr.ecr.<region>/<name>`, engines/ecr), or logged in as `AWS`, is
// ECR's to decide — as the principal behind the `AWS:<token>` password, with the ECR action of the request's endpoint
// (ref ecr §2.2-2.5); everything else is the built-in registry's, unchanged. ECR needs a door of its own because a
// client asks `/v2/` without credentials first and keeps the challenge it gets for the whole host: ECR's is Basic
// only (ref ecr §2.2), the built-in registry's names its Bearer token endpoint first.

import { parseEcrRegistryName } from '../../engines/ecr/index.js';
import { ecrPermissions } from '../../engines/registry-auth/index.js';
import {
  basicCredentials,
  OciError,
  type RegistryAccess,
  type RegistryAuthorizer,
  type ServerRequest,
} from '../../registry/server/index.js';
import type { EcrRegistryAuthorization, RegistryVerdict } from '../../services/ecr/index.js';

/** ECR's texts and statuses (ref ecr §2.2, §2.4; the statuses of DENIED and TAG_INVALID are [INF] there). */
const expired = 'Your authorization token has expired. Reauthenticate and try again.';
const statusOf: Record<Exclude<RegistryVerdict, { ok: true }>['code'], number> = {
  DENIED: 403,
  NAME_UNKNOWN: 404,
  MANIFEST_UNKNOWN: 404,
  TAG_INVALID: 400,
};

export function ecrAwareAuthorizer(
  builtIn: RegistryAuthorizer,
  ecr: () => Promise<EcrRegistryAuthorization>,
): RegistryAuthorizer {
  return {
    async authorize(request, access) {
      const named = access.repository === undefined ? undefined : parseEcrRegistryName(access.repository);
      const credentials = basicCredentials(header(request, 'authorization'));
      const awsLogin = credentials?.username === 'AWS';
      if (!named && !awsLogin && !isEcrDoor(request)) return builtIn.authorize(request, access);
      // An ECR login reaches ECR's repositories and the registry-wide endpoints, never a registry user's repository.
      if (!named && access.repository !== undefined && access.endpoint !== 'catalog') {
        throw new OciError('DENIED', 'ECR credentials do not reach repositories outside ECR', null, [], {
          status: 403,
        });
      }
      if (!credentials || !awsLogin) throw challenge(request);
      const service = await ecr();
      const login = service.login(credentials.password);
      if (!login.ok) {
        if (login.reason === 'expired') throw new OciError('DENIED', expired, null, [], { status: 403 });
        throw challenge(request);
      }
      for (const check of checks(access)) {
        const verdict = await service.authorize(login.grant, {
          action: check.action,
          repository: check.resource === '*' || !named ? '*' : named,
          ...referenceOf(request, access),
          sourceIp: request.remoteAddress,
          userAgent: header(request, 'user-agent'),
        });
        if (!verdict.ok) throw refusal(verdict);
      }
    },
  };
}

function refusal(verdict: Exclude<RegistryVerdict, { ok: true }>): OciError {
  if (verdict.code === 'TAG_INVALID') return new TagInvalid(verdict.message);
  return new OciError(verdict.code, verdict.message, null, [], { status: statusOf[verdict.code] });
}

/**
 * Distribution's `TAG_INVALID`, which ECR answers for an immutable tag (ref ecr §2.4) and the registry's shared code
 * table does not hold (berth's own registry never says it): a MANIFEST_INVALID to the server, TAG_INVALID on the wire.
 */
class TagInvalid extends OciError {
  constructor(message: string) {
    super('MANIFEST_INVALID', message, null, [], { status: statusOf.TAG_INVALID });
  }
  override body(): Buffer {
    return Buffer.from(
      JSON.stringify({ errors: [{ code: 'TAG_INVALID', message: this.message, detail: null }] }),
    );
  }
}

/**
 * The reference of a manifest request (`/v2/<name>/manifests/<tag|digest>`): the tag a PUT writes (a digest has `:`),
 * or the image a read names (a pull-through cache may fetch it first).
 */
function referenceOf(request: ServerRequest, access: RegistryAccess): { tag?: string; reference?: string } {
  const reference = /\/manifests\/([^/]+)$/.exec(request.path)?.[1];
  if (reference === undefined) return {};
  if (access.endpoint === 'manifest-get' || access.endpoint === 'manifest-head') return { reference };
  if (access.endpoint !== 'manifest-put' || reference.includes(':')) return {};
  return { tag: reference };
}

/** The IAM checks of an access; the catalog's per-repository filter is the catalog's own `*` check. */
function checks(access: RegistryAccess) {
  const permissions = ecrPermissions(access.endpoint);
  if (permissions === undefined) throw new OciError('UNSUPPORTED', 'ECR has no such registry operation');
  return permissions;
}

/** ECR's 401: a Basic challenge naming the registry (ref ecr §2.2: realm, `service="ecr.amazonaws.com"`). */
function challenge(request: ServerRequest): OciError {
  const host = header(request, 'host') ?? '127.0.0.1';
  return new OciError('UNAUTHORIZED', 'Not Authorized', null, [
    ['WWW-Authenticate', `Basic realm="https://${host}/",service="ecr.amazonaws.com"`],
  ]);
}

/** `localhost[:port]`: where ECR's repositoryUri and proxyEndpoint point (engines/ecr). */
function isEcrDoor(request: ServerRequest): boolean {
  const host = header(request, 'host') ?? '';
  return host === 'localhost' || host.startsWith('localhost:');
}

function header(request: ServerRequest, name: string): string | undefined {
  return request.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}
