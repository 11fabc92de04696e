export { cleanStaleEntries, defaultStaleAfterMs, ownerPid } from './clean-stale-entries.js';
export { FsContentStore, type FsContentStoreOptions } from './fs-content-store.js';
export { IngestFile, syncDirectory } from './ingest-file.js';
