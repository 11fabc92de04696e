// SSM Parameter Store (AWS JSON 1.1, target prefix AmazonSSM): parameters, versions and labels, tags; SecureString
// values encrypted through an SsmKmsPort as the caller.
export type { SsmKmsPort } from './kms-port.js';
export { ssmRouting } from './ssm-routing.js';
export { createSsmService, type SsmDeps, type SsmService } from './ssm-service.js';
export { ssmCollections } from './store.js';
