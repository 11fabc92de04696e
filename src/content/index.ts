export type { BlobInfo, BlobSource, ContentStore, ExpectedBlob, IngestOptions } from './content-store.js';
