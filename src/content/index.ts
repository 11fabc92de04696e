export {
  blobNotFound,
  checkAdoptedFile,
  checkCommittedSize,
  checkExpectedBlob,
  checkReadStart,
  ingestAttempts,
} from './blob-checks.js';
export type {
  BlobInfo,
  BlobSource,
  ContentStore,
  ExpectedBlob,
  IngestOptions,
  ReadOptions,
} from './content-store.js';
export { type BlobSink, ingestBlob } from './ingest-blob.js';
export { followIngest, IngestProgress, IngestsUnderWay } from './ingests-under-way.js';
export { MemoryContentStore } from './memory-content-store.js';
export { SingleFlight } from './single-flight.js';
