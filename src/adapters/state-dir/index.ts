export { type InstanceInfo, instanceRecord } from './instance-record.js';
export { loadMasterKey, masterKeyLength } from './master-key.js';
export { privateFile } from './private-file.js';
export {
  generateRootCredentials,
  loadRootCredentials,
  type RootCredentialSources,
  type RootCredentials,
} from './root-credentials.js';
export { entryOf, openStateDir, type StateDir, stateDirLayout } from './state-dir.js';
export { acquireStateLock, isAlive, type StateLock } from './state-lock.js';
