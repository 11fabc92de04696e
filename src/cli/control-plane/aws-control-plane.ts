import { createIamService } from '../../services/iam/index.js';
import { createKmsService } from '../../services/kms/index.js';
import { createSecretsManagerService } from '../../services/secretsmanager/index.js';
import { createStsService } from '../../services/sts/index.js';
import type { ControlPlanePart, ServiceDeps } from '../compose.js';
import { callerCredentials } from './caller-credentials.js';
import { callerIdentity } from './caller-identity.js';
import { secretsKmsPort } from './secrets-kms-port.js';

/**
 * The AWS services of the endpoint, wired to each other through ports (a service never imports another):
 * STS reads roles from IAM, Secrets Manager encrypts through KMS as the caller, and IAM and STS together know every
 * non-root caller's keys and identity.
 */
export function awsControlPlane(deps: ServiceDeps): ControlPlanePart {
  const iam = createIamService(deps);
  const sts = createStsService({ ...deps, roles: iam.directory });
  const kms = createKmsService(deps);
  const secrets = createSecretsManagerService({ ...deps, kms: secretsKmsPort(kms) });
  return {
    services: [iam.definition, sts.definition, kms.definition, secrets.definition],
    credentials: callerCredentials({ iam, sts }),
    identities: callerIdentity({ iam, sts }),
  };
}
