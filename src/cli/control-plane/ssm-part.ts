import { once } from '../../engines/concurrency/index.js';
import { ssmRouting } from '../../services/ssm/ssm-routing.js';
import { kmsPort } from './kms-secrets-part.js';
import { lazyService, type Part } from './part.js';

/**
 * SSM Parameter Store, encrypting SecureString values through KMS as the caller (ssm-kms-port.ts). Built on its
 * first request; KMS is built then too, if no KMS or Secrets Manager request came first.
 */
export const ssmPart: Part = {
  name: 'ssm',
  requires: [kmsPort],
  build({ deps, need }) {
    const load = once(async () => {
      const [{ createSsmService }, { ssmKmsPort }, kms] = await Promise.all([
        import('../../services/ssm/index.js'),
        import('./ssm-kms-port.js'),
        need(kmsPort),
      ]);
      return createSsmService({ ...deps, kms: ssmKmsPort(kms) });
    });
    return { services: [lazyService(ssmRouting, async () => (await load()).definition)] };
  },
};
