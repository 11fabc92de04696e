// S3's ARNs (bucket and object forms).
export { s3Arns } from './s3-arns.js';
