// S3 (REST-XML): buckets, objects, versions, multipart uploads and bucket policies, for IaC (issue 17).
export { MemoryObjectBodies, type ObjectBodies } from './object-bodies.js';
export { s3Routing } from './s3-routing.js';
export { createS3Service, type S3Deps, type S3Service } from './s3-service.js';
export { s3Collections } from './store.js';
