export { FsUploadStaging } from './fs-upload-staging.js';
export { StagedFileAppend } from './staged-file-append.js';
