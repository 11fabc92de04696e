import { once } from '../../engines/concurrency/index.js';
import type { KmsService } from '../../services/kms/index.js';
import { kmsRouting } from '../../services/kms/kms-routing.js';
import { secretsManagerRouting } from '../../services/secretsmanager/secretsmanager-routing.js';
import { lazyService, type Part, portKey, provide } from './part.js';
import { secretsKmsPort } from './secrets-kms-port.js';

/** KMS, for parts that encrypt through it (SSM SecureString will) and tests that reach what no API does. */
export const kmsPort = portKey<KmsService>('kms');

/**
 * KMS and Secrets Manager, one part because Secrets Manager encrypts through KMS as the caller (secretsKmsPort).
 * Built on the first request to either.
 */
export const kmsSecretsPart: Part = {
  name: 'kms-secrets',
  provides: [kmsPort],
  build({ deps }) {
    const load = once(async () => {
      const [{ createKmsService }, { createSecretsManagerService }] = await Promise.all([
        import('../../services/kms/index.js'),
        import('../../services/secretsmanager/index.js'),
      ]);
      const kms = createKmsService(deps);
      return { kms, secrets: createSecretsManagerService({ ...deps, kms: secretsKmsPort(kms) }) };
    });
    return {
      services: [
        lazyService(kmsRouting, async () => (await load()).kms.definition),
        lazyService(secretsManagerRouting, async () => (await load()).secrets.definition),
      ],
      provides: [provide(kmsPort, async () => (await load()).kms)],
    };
  },
};
