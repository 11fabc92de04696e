import { once } from '../../engines/concurrency/index.js';
import { iamRouting } from '../../services/iam/iam-routing.js';
import type { IamService } from '../../services/iam/index.js';
import type { StsService } from '../../services/sts/index.js';
import { stsRouting } from '../../services/sts/sts-routing.js';
import { callerCredentials } from './caller-credentials.js';
import { callerIdentity } from './caller-identity.js';
import { lazyService, type Part, portKey, provide } from './part.js';

/** IAM and STS, for parts that work with roles (ECS assumes execution roles through STS's internal path). */
export const iamStsPort = portKey<{ readonly iam: IamService; readonly sts: StsService }>('iam-sts');

/**
 * IAM and STS, one part because STS reads IAM's roles and together they know every non-root caller's keys and
 * identity. Built on the first request that needs either: an IAM or STS operation, or a caller other than root.
 */
export const iamStsPart: Part = {
  name: 'iam-sts',
  provides: [iamStsPort],
  build({ deps }) {
    const load = once(async () => {
      const [{ createIamService }, { createStsService }] = await Promise.all([
        import('../../services/iam/index.js'),
        import('../../services/sts/index.js'),
      ]);
      const iam = createIamService(deps);
      const sts = createStsService({ ...deps, roles: iam.directory });
      return {
        iam,
        sts,
        credentials: callerCredentials({ iam, sts }),
        identity: callerIdentity({ iam, sts }),
      };
    });
    return {
      services: [
        lazyService(iamRouting, async () => (await load()).iam.definition),
        lazyService(stsRouting, async () => (await load()).sts.definition),
      ],
      provides: [provide(iamStsPort, load)],
      credentials: async (accessKeyId) => (await load()).credentials(accessKeyId),
      identities: async (caller) => (await load()).identity(caller),
    };
  },
};
